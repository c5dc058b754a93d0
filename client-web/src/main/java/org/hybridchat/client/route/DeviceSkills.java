package org.hybridchat.client.route;

import java.util.Map;

/**
 * What this device answers by itself, instantly and without the message leaving it: greetings and
 * thanks, help about the page, and arithmetic, which local code gets exactly right where a small
 * language model would guess.
 */
final class DeviceSkills {

    static final String HELP = "Type a message and press Enter. Replies come from the model on the server, "
            + "or from this device when it can answer by itself: greetings, help and arithmetic such as "
            + "12 * (3 + 4). The placement menu forces one side. Each reply says where it ran and how long it "
            + "took. The grey text while you type is the tiny model in this page: Tab accepts it, Esc hides it.";

    private static final Map<String, String> SMALL_TALK = Map.ofEntries(
            Map.entry("hi", "Hello! Ask me anything; type help to see what this device answers by itself."),
            Map.entry("hello", "Hello! Ask me anything; type help to see what this device answers by itself."),
            Map.entry("hey", "Hello! Ask me anything; type help to see what this device answers by itself."),
            Map.entry("good morning", "Good morning! What would you like to know?"),
            Map.entry("good afternoon", "Good afternoon! What would you like to know?"),
            Map.entry("good evening", "Good evening! What would you like to know?"),
            Map.entry("thanks", "You're welcome."),
            Map.entry("thank you", "You're welcome."),
            Map.entry("bye", "Goodbye!"),
            Map.entry("goodbye", "Goodbye!"),
            Map.entry("help", HELP),
            Map.entry("what can you do", HELP));

    private static final String[] QUESTION_PREFIXES = {"what is ", "what's ", "how much is ", "calculate ", "compute "};

    private DeviceSkills() {}

    /** This device's answer to {@code message}, or null when it needs the server. */
    static String answer(String message) {
        String text = normalize(message);
        String known = SMALL_TALK.get(text);
        return known != null ? known : arithmetic(text);
    }

    private static String arithmetic(String text) {
        for (String prefix : QUESTION_PREFIXES) {
            if (text.startsWith(prefix)) {
                text = text.substring(prefix.length());
                break;
            }
        }
        if (text.endsWith("=")) {
            text = text.substring(0, text.length() - 1);
        }
        Double value = Arithmetic.evaluate(text);
        if (value == null) {
            return null;
        }
        String result = Arithmetic.format(value);
        return result == null ? text.strip() + " has no value (a division by zero?)." : text.strip() + " = " + result;
    }

    /** Lower case, single spaces, without the punctuation around a short message ("Hi!", "thanks."). */
    private static String normalize(String message) {
        String text = message.strip().toLowerCase().replace('\n', ' ');
        while (text.contains("  ")) {
            text = text.replace("  ", " ");
        }
        int end = text.length();
        while (end > 0 && "!?.,".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(0, end);
    }
}
