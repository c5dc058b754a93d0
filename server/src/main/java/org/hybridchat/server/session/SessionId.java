package org.hybridchat.server.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A chat session's name, and the only key to it: 128 random bits in base64url (22 characters), so
 * that one user cannot guess or enumerate another's conversation.
 */
public record SessionId(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{22}");

    public SessionId {
        if (!WELL_FORMED.matcher(value).matches()) {
            throw new IllegalArgumentException("not a session id: " + value);
        }
    }

    public static SessionId random() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return new SessionId(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    /** Empty for anything this server could not have issued, so callers treat it like an unknown id. */
    public static Optional<SessionId> parse(String text) {
        boolean wellFormed = text != null && WELL_FORMED.matcher(text).matches();
        return wellFormed ? Optional.of(new SessionId(text)) : Optional.empty();
    }
}
