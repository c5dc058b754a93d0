package org.hybridchat.server.session;

import org.hybridchat.contract.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The session id names no conversation: never issued, malformed, or expired. All three get the same
 * 404, because they mean the same to a client: start a new session.
 */
public class UnknownSessionException extends ErrorResponseException {

    public UnknownSessionException() {
        super(HttpStatus.NOT_FOUND, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "There is no session with this id; it may have expired. Start a new one without a sessionId.");
        problem.setProperty("code", ErrorCode.UNKNOWN_SESSION);
        return problem;
    }
}
