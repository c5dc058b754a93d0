package org.hybridchat.client.stream;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.ajax.XMLHttpRequest;
import org.teavm.jso.core.JSError;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.json.JSON;

/**
 * An error response as the page shows it. The server answers bad requests with RFC 9457
 * {@code application/problem+json}; a proxy in between may answer with anything, hence the checks.
 */
interface Problem extends JSObject {

    @JSProperty
    JSObject getTitle();

    @JSProperty
    JSObject getDetail();

    @JSProperty
    JSObject getCode();

    /** The problem's {@code code} ({@code ErrorCode}), or null when the body is not a problem that has one. */
    static String code(XMLHttpRequest xhr) {
        String type = xhr.getResponseHeader("Content-Type");
        if (type == null || !type.contains("json")) {
            return null;
        }
        JSObject body = JSError.catchNative(() -> JSON.parse(xhr.getResponseText()), error -> null);
        if (body == null || !JSObjects.typeOf(body).equals("object")) {
            return null;
        }
        return text(body.<Problem>cast().getCode());
    }

    /** "title: detail" from a problem body, or the HTTP status when the body is not one. */
    static String describe(XMLHttpRequest xhr) {
        String fallback = "The server answered " + xhr.getStatus() + " " + xhr.getStatusText() + ".";
        String type = xhr.getResponseHeader("Content-Type");
        if (type == null || !type.contains("json")) {
            return fallback;
        }
        JSObject body = JSError.catchNative(() -> JSON.parse(xhr.getResponseText()), error -> null);
        if (body == null || !JSObjects.typeOf(body).equals("object")) {
            return fallback;
        }
        Problem problem = body.cast();
        String title = text(problem.getTitle());
        String detail = text(problem.getDetail());
        if (title == null) {
            return detail == null ? fallback : detail;
        }
        return detail == null ? title : title + ": " + detail;
    }

    private static String text(JSObject value) {
        return JSObjects.typeOf(value).equals("string") ? JSObjects.toString(value) : null;
    }
}
