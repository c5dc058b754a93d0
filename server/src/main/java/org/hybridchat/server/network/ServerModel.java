package org.hybridchat.server.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.hybridchat.contract.ChatMessage;

/**
 * The server's language model: a small GPT on DJL's PyTorch engine, with the weights shipped in
 * the jar, and how conversations become its prompts. The decode loop (generation/) writes the replies.
 */
public final class ServerModel implements AutoCloseable {
    /** Replies end at END_OF_TURN, or at this many tokens unless asked otherwise, or at the end of the context. */
    public static final int MAX_REPLY_TOKENS = 200;
    /** Every reply is sampled from at most this many of the likeliest tokens. */
    public static final int TOP_K = 40;
    private static final String SHIPPED_WEIGHTS = "/model/gpt.bin";
    private static final String SHIPPED_TOKENIZER = "/model/tokenizer.bin";
    private static final String SHIPPED_TOOLS = "/model/tools.txt";

    static {
        // PyTorch reads these once, when the engine starts, so they must be set before any NDArray
        // exists. One intra-op thread: small-batch decoding is overhead-bound, and on a busy
        // 2-core machine one thread decoded twice as fast as two. A launcher's values win.
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        if (System.getenv("DJL_OFFLINE") == null) {
            setIfAbsent("ai.djl.offline", "true"); // libtorch is in the jar: never download it
        }
    }

    private final NDManager manager;
    private final Gpt gpt;
    private final BpeTokenizer tokenizer;
    private final ModelInfo info;
    /** The tool list every prompt starts with, as the model was trained to read it. */
    private final int[] tools;

    public ServerModel(NDManager manager, Gpt gpt, BpeTokenizer tokenizer, ModelInfo info, String toolList) {
        this.manager = manager;
        this.gpt = gpt;
        this.tokenizer = tokenizer;
        this.info = info;
        this.tools = toolList.isEmpty() ? new int[0] : ChatPrompt.toolList(tokenizer, toolList);
    }

    /**
     * Loads the shipped model with the tool list it was trained with ({@code tools.txt}, beside the
     * weights): for the model card, the tests and the benchmarks, which run without the server's
     * tool registry. The server shows the registry's tools, which a test holds to the same list.
     */
    public static ServerModel loadShipped() {
        try {
            return loadShipped(new String(resource(SHIPPED_TOOLS), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SHIPPED_TOOLS, e);
        }
    }

    /**
     * Loads the weights and tokenizer shipped on the classpath (server/src/main/resources/model/);
     * {@code toolList} is the tools the server has, one line each, as the model reads them.
     */
    public static ServerModel loadShipped(String toolList) {
        try {
            byte[] bytes = resource(SHIPPED_WEIGHTS);
            WeightsFile.Contents contents = WeightsFile.read(bytes);
            BpeTokenizer tokenizer = BpeTokenizer.read(resource(SHIPPED_TOKENIZER));
            if (tokenizer.vocabSize() != contents.config().vocabSize()) {
                throw new IOException(SHIPPED_TOKENIZER + " has " + tokenizer.vocabSize() + " tokens, "
                        + SHIPPED_WEIGHTS + " " + contents.config().vocabSize());
            }
            NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
            Gpt gpt = contents.toModel(manager);
            Gpt.Config config = gpt.config();
            ModelInfo info = new ModelInfo(SHIPPED_WEIGHTS, config.parameterCount(), config.layers(),
                    config.heads(), config.dModel(), config.contextLength(), config.vocabSize(),
                    bytes.length, MAX_REPLY_TOKENS);
            return new ServerModel(manager, gpt, tokenizer, info, toolList);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped model " + SHIPPED_WEIGHTS, e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ServerModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath");
            }
            return in.readAllBytes();
        }
    }

    /**
     * The prompt for the assistant's reply to a conversation whose last message is the user's: the
     * tool list, then the most recent turns that fit in the context, leaving room for a reply of
     * {@code replyTokens}.
     */
    public int[] prompt(List<ChatMessage> conversation, int replyTokens) {
        return prompt(conversation, new int[0], replyTokens);
    }

    /**
     * The prompt that goes on with a reply begun as {@code begun} (its tokens, see {@link #encode}, or
     * a {@link #toolExchange}): the model reads them as its own and writes the rest.
     */
    public int[] prompt(List<ChatMessage> conversation, int[] begun, int replyTokens) {
        int context = gpt.config().contextLength();
        // the reply gets the room it may need, but at most half the context: history matters too
        return ChatPrompt.forReply(tokenizer, tools, conversation, begun, context - Math.min(replyTokens, context / 2));
    }

    /** A tool call the model wrote, and the result it reads before it answers. */
    public int[] toolExchange(String call, String result) {
        return ChatPrompt.toolExchange(tokenizer, call, result);
    }

    /** The text's tokens, as the model reads it. */
    public int[] encode(String text) {
        return tokenizer.encode(text);
    }

    /** Turns a reply's tokens into text as they are sampled. */
    public BpeTokenizer.StreamDecoder textDecoder() {
        return tokenizer.streamDecoder();
    }

    public BpeTokenizer tokenizer() {
        return tokenizer;
    }

    public Gpt gpt() {
        return gpt;
    }

    public NDManager manager() {
        return manager;
    }

    public ModelInfo info() {
        return info;
    }

    /** Frees the weights; call it after the decode loop has stopped. */
    @Override
    public void close() {
        manager.close();
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
