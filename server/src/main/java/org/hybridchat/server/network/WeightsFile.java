package org.hybridchat.server.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The weights file: a 32-byte header, then every tensor of {@link Gpt.Config#parameterShapes()} in
 * that order, row-major, with no padding. All numbers are little-endian.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "HCGP"
 *      4     4  int32 format version (1)
 *      8     4  int32 bytes per number: 2 (IEEE half precision) or 4 (single precision)
 *     12    20  int32 vocabSize, contextLength, layers, heads, dModel
 *     32     .  the tensors
 * </pre>
 *
 * Shipped weights are half precision (half the bytes, and the model's next-token logits barely
 * move: see WeightsFileTest); training checkpoints are single precision so that resuming is exact.
 */
public final class WeightsFile {
    public enum Precision {
        HALF(2), SINGLE(4);

        final int bytes;

        Precision(int bytes) {
            this.bytes = bytes;
        }
    }

    /** The configuration and the tensors' values as read, widened to float. */
    public record Contents(Gpt.Config config, List<float[]> tensors) {
        Gpt toModel(NDManager manager) {
            List<Shape> shapes = List.copyOf(config.parameterShapes().values());
            List<NDArray> parameters = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                parameters.add(manager.create(tensors.get(i), shapes.get(i)));
            }
            return new Gpt(config, parameters);
        }
    }

    private static final int MAGIC = 0x50474348; // "HCGP" read as a little-endian int
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 32;

    private WeightsFile() {
    }

    public static void write(Path file, Gpt.Config config, List<NDArray> tensors, Precision precision)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putInt(VERSION).putInt(precision.bytes)
                    .putInt(config.vocabSize()).putInt(config.contextLength()).putInt(config.layers())
                    .putInt(config.heads()).putInt(config.dModel());
            out.write(header.array());
            for (NDArray tensor : tensors) {
                float[] values = tensor.toFloatArray();
                ByteBuffer data = ByteBuffer.allocate(values.length * precision.bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (float value : values) {
                    if (precision == Precision.HALF) {
                        data.putShort(Float.floatToFloat16(value));
                    } else {
                        data.putFloat(value);
                    }
                }
                out.write(data.array());
            }
        }
    }

    public static Contents read(byte[] file) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (data.remaining() < HEADER_BYTES || data.getInt() != MAGIC) {
            throw new IOException("not a weights file: it does not start with \"HCGP\"");
        }
        int version = data.getInt();
        if (version != VERSION) {
            throw new IOException("weights file version " + version + " is not " + VERSION);
        }
        int bytesPerNumber = data.getInt();
        if (bytesPerNumber != Precision.HALF.bytes && bytesPerNumber != Precision.SINGLE.bytes) {
            throw new IOException("weights file has " + bytesPerNumber + "-byte numbers, not 2 or 4");
        }
        Gpt.Config config;
        try {
            config = new Gpt.Config(data.getInt(), data.getInt(), data.getInt(), data.getInt(), data.getInt());
        } catch (IllegalArgumentException e) {
            throw new IOException("weights file header: " + e.getMessage(), e);
        }
        long expectedBytes = HEADER_BYTES + config.parameterCount() * bytesPerNumber;
        if (data.capacity() != expectedBytes) {
            throw new IOException("weights file has " + data.capacity() + " bytes; " + config
                    + " needs " + expectedBytes);
        }
        List<float[]> tensors = new ArrayList<>();
        for (Shape shape : config.parameterShapes().values()) {
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = bytesPerNumber == 2 ? Float.float16ToFloat(data.getShort()) : data.getFloat();
            }
            tensors.add(values);
        }
        return new Contents(config, tensors);
    }
}
