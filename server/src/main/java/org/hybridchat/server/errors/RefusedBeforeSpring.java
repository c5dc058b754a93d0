package org.hybridchat.server.errors;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.hybridchat.server.openai.OpenAiPaths;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Netty refuses some requests before Spring sees them: a request line longer than
 * {@code server.netty.max-initial-line-length} (414), headers past
 * {@code server.max-http-request-header-size} (431), a malformed request line, header or path (400).
 * Reactor Netty answers those with an empty body and closes the connection; this gives the answer the body
 * every other refusal has (problem+json, or OpenAI's error JSON under {@code /v1}), so a client learns
 * which limit it hit.
 *
 * <p>A handler just after Netty's HTTP codec sees the failed request go in and the bare response come
 * out, and fills the response in. The path of an over-long request line is never parsed, so for that
 * one the first bytes the connection received tell whether it was under {@code /v1}.
 */
@Component
class RefusedBeforeSpring implements NettyServerCustomizer {

    private final JsonMapper json;
    private final int maxInitialLineLength;
    private final DataSize maxHeaderSize;

    RefusedBeforeSpring(JsonMapper json, @Value("${server.netty.max-initial-line-length}") int maxInitialLineLength,
            @Value("${server.max-http-request-header-size}") DataSize maxHeaderSize) {
        this.json = json;
        this.maxInitialLineLength = maxInitialLineLength;
        this.maxHeaderSize = maxHeaderSize;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                FillIn fillIn = new FillIn();
                channel.pipeline().addBefore(NettyPipeline.HttpCodec, "hybridchat.requestHead", fillIn.requestHead);
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "hybridchat.refusalBody", fillIn);
            }
        });
    }

    /**
     * One connection's: the request seen going in, to fill in a bare error response coming out (one
     * with no body and no type: Spring's never are, Reactor Netty's refusals always are).
     */
    private final class FillIn extends ChannelDuplexHandler {
        private final RequestHead requestHead = new RequestHead();
        private String detail;
        private String path;
        private boolean head;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest request) {
                head = HttpMethod.HEAD.equals(request.method());
                path = "/bad-request".equals(request.uri()) ? requestHead.path() : request.uri();
                detail = null;
                if (request.decoderResult().isFailure()) {
                    Throwable cause = request.decoderResult().cause();
                    if (cause instanceof TooLongHttpLineException) {
                        detail = "The request line (method, path and query) is longer than this server's limit of "
                                + maxInitialLineLength + " bytes.";
                        path = requestHead.path();
                    } else if (cause instanceof TooLongHttpHeaderException) {
                        detail = "The request's headers are larger than this server's limit of "
                                + maxHeaderSize.toBytes() + " bytes.";
                    }
                }
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof FullHttpResponse bare && bare.status().code() >= 400 && !bare.content().isReadable()
                    && !head && !bare.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
                HttpResponseStatus status = bare.status();
                String detail = this.detail != null ? this.detail
                        : status.code() == 400 ? "The request is not well-formed HTTP/1.1: its request line, path or headers could not be read."
                        : status.reasonPhrase() + ".";
                String text = json.writeValueAsString(OpenAiPaths.isOpenAi(path)
                        ? OpenAiPaths.error(HttpStatusCode.valueOf(status.code()), detail)
                        : LastResortErrors.problem(HttpStatusCode.valueOf(status.code()), detail, null));
                ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
                FullHttpResponse filled = new DefaultFullHttpResponse(bare.protocolVersion(), status, body);
                filled.headers().set(bare.headers())
                        .set(HttpHeaderNames.CONTENT_TYPE, OpenAiPaths.isOpenAi(path) ? "application/json"
                                : "application/problem+json")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
                this.detail = null;
                ReferenceCountUtil.release(bare);
                super.write(ctx, filled, promise);
                return;
            }
            super.write(ctx, msg, promise);
        }
    }

    /** The first bytes of the latest read that starts a request line, enough to see its path's start. */
    private static final class RequestHead extends io.netty.channel.ChannelInboundHandlerAdapter {
        private static final int KEEP = 16;
        private static final Pattern REQUEST_LINE = Pattern.compile("(?s)[A-Z]{3,7} /.*");
        private String first = "";

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                String start = bytes.toString(bytes.readerIndex(), Math.min(KEEP, bytes.readableBytes()),
                        StandardCharsets.ISO_8859_1);
                if (REQUEST_LINE.matcher(start).matches()) {
                    first = start;
                }
            }
            super.channelRead(ctx, msg);
        }

        String path() {
            int space = first.indexOf(' ');
            return space < 0 ? null : first.substring(space + 1);
        }
    }
}
