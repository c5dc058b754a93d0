package org.hybridchat.contract;

/** JSON that is not a valid message of the contract: malformed, of an unknown type, or missing a field. */
public class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }
}
