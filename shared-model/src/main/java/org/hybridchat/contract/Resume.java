package org.hybridchat.contract;

/**
 * The user's answer to an {@link Interrupt}, sent in the next chat request. On the wire it is an
 * AG-UI resume entry: {@code {"interruptId":"...","status":"resolved","payload":{"approved":true}}};
 * a {@code cancelled} entry (the user dismissed the question) reads as a denial.
 */
public record Resume(String interruptId, boolean approved) {}
