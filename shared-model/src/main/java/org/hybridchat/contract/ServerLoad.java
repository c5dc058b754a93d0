package org.hybridchat.contract;

/**
 * The body of {@code GET /api/load}: how busy the server's model is. {@code active} replies are being
 * written, at most {@code maxActive} at once; {@code waiting} more wait their turn, at most
 * {@code maxWaiting}, and beyond that a request is refused as overloaded.
 */
public record ServerLoad(int active, int waiting, int maxActive, int maxWaiting) {}
