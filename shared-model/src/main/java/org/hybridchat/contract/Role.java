package org.hybridchat.contract;

/** Who wrote a message; on the wire in lower case, as AG-UI and the OpenAI API spell it. */
public enum Role {
    USER, ASSISTANT;

    public String wireName() {
        return this == USER ? "user" : "assistant";
    }

    public static Role fromWire(String name) {
        return switch (name) {
            case "user" -> USER;
            case "assistant" -> ASSISTANT;
            default -> throw new WireFormatException("unknown role '" + name + "'");
        };
    }
}
