package org.hybridchat.contract;

/**
 * The {@code code} values a {@link StreamEvent.RunError} carries, and so does the problem+json body of an
 * error before a stream opens, so that clients can react without parsing prose.
 */
public final class ErrorCode {
    /** The request itself was wrong (a 4xx before the stream opens); sending it again will not help. */
    public static final String BAD_REQUEST = "bad_request";
    /**
     * The session id names no conversation (never issued, or expired): a 404 before the stream opens.
     * Start a new session, without a session id.
     */
    public static final String UNKNOWN_SESSION = "unknown_session";
    /**
     * {@code GET /api/runs/{runId}/events} names no run this session may read: never started, expired,
     * or another session's (all the same 404, so run ids reveal nothing). Its reply, if it finished, is
     * in the session's messages.
     */
    public static final String UNKNOWN_RUN = "unknown_run";
    /** The model failed while generating; the conversation so far is kept. */
    public static final String MODEL_FAILURE = "model_failure";
    /** The conversation could not be read or stored. */
    public static final String STORAGE_FAILURE = "storage_failure";
    /**
     * The server is writing as many replies as it can and its waiting line is full. Nothing was
     * stored, so sending the same message again in a moment is safe.
     */
    public static final String OVERLOADED = "overloaded";

    /**
     * An answer to an approval that is unknown, already answered, expired or another session's:
     * nothing was done, and asking again starts a new approval.
     */
    public static final String APPROVAL_UNAVAILABLE = "approval_unavailable";

    /**
     * Nobody read the run for longer than the server's grace period (the client lost its stream and did
     * not come back), so its reply was stopped; the user's message is kept if the model had taken it.
     */
    public static final String ABANDONED = "abandoned";

    /**
     * The server replica writing the run stopped (it was restarted or it failed) before its reply had
     * begun, or in the middle of a tool's answer, which another replica cannot finish for it; or the
     * conversation has since gone on with another answered turn, so the reply has no place left to be
     * stored. Whatever the conversation had stored is kept; sending the message again is safe.
     * (Otherwise a reply the model had begun is not lost: another replica writes the rest.)
     */
    public static final String REPLICA_LOST = "replica_lost";

    /** The server failed in a way it did not foresee; nothing about the request was wrong. */
    public static final String SERVER_FAILURE = "server_failure";

    private ErrorCode() {}
}
