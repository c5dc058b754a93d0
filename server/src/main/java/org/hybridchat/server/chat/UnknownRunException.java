package org.hybridchat.server.chat;

import org.hybridchat.contract.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No run this session may read: never started, expired, or another session's; one 404 for all three. */
class UnknownRunException extends ErrorResponseException {

    UnknownRunException() {
        super(HttpStatus.NOT_FOUND, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "There is no such run in this session, or it has expired; its reply, if it finished, is in the session's messages.");
        problem.setProperty("code", ErrorCode.UNKNOWN_RUN);
        return problem;
    }
}
