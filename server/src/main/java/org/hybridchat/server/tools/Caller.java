package org.hybridchat.server.tools;

import org.hybridchat.server.session.SessionId;

/**
 * On whose behalf a tool runs: the session the call was made in, and whether the request carried the
 * admin credential. Taken from the request by the backend, never from what proposed the call.
 */
public record Caller(SessionId session, boolean admin) {

    public boolean may(Permission permission) {
        return permission == Permission.USER || admin;
    }
}
