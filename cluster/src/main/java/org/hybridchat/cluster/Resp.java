package org.hybridchat.cluster;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis command over one short connection, in RESP2, Redis's wire protocol: enough for the cluster
 * to see that its Redis is up and for tests and the benchmark to read a run's stream, with nothing
 * but the JDK. The replies come back as Java values: a simple string or bulk string as String, an
 * integer as Long, an array as List, a null as null; a Redis error is thrown.
 */
public final class Resp {

    private static final int TIMEOUT_MILLIS = 5_000;

    private Resp() {
    }

    /** Sends one command to the Redis at {@code port} on 127.0.0.1 and returns its reply. */
    public static Object call(int port, String... command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(encode(command));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    /** A command as a client sends it: an array of bulk strings, each prefixed with its length in bytes. */
    static byte[] encode(String... command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String argument : command) {
            byte[] utf8 = argument.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(("$" + utf8.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(utf8);
            bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** One reply; its first byte says its type. */
    static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IOException("Redis: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] value = in.readNBytes(length);
                line(in); // the CRLF after the value
                yield new String(value, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> elements = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    elements.add(read(in));
                }
                yield elements;
            }
            case -1 -> throw new IOException("Redis closed the connection");
            default -> throw new IOException("not a RESP reply: " + (char) type + line);
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b == -1) {
                throw new IOException("Redis closed the connection mid-reply");
            }
            line.write(b);
        }
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
    }
}
