package org.hybridchat.client.route;

/**
 * Decides, per message, where it is answered: on this device when {@link DeviceSkills} can answer it,
 * on the server otherwise, unless the user forced a side ({@link Mode}) or the server is out of reach.
 * Deciding costs microseconds and no network, so it runs on the page for every message.
 */
public final class Router {

    /** The user's choice in the placement menu. */
    public enum Mode {
        AUTO, DEVICE, SERVER;

        /** From the menu's value: "auto", "device" or "server"; anything else is auto. */
        public static Mode of(String value) {
            return switch (value) {
                case "device" -> DEVICE;
                case "server" -> SERVER;
                default -> AUTO;
            };
        }
    }

    /** Where a message goes. */
    public sealed interface Route {}

    public record ToServer() implements Route {}

    /** Answered here; {@code offline} when only because the server could not be reached. */
    public record OnDevice(String answer, boolean offline) implements Route {}

    static final String BEYOND_DEVICE = "That is beyond this device: on its own it answers greetings, help and "
            + "arithmetic. Choose auto or server in the placement menu to ask the server's model.";

    static final String BEYOND_DEVICE_OFFLINE = "The server cannot be reached, and that is beyond this device: on "
            + "its own it answers greetings, help and arithmetic. Ask again when the server is back; "
            + "this page notices by itself.";

    private Router() {}

    public static Route route(String message, Mode mode, boolean serverReachable) {
        if (mode == Mode.SERVER) {
            return new ToServer(); // even when it seems down: the user asked for it, and it may be back
        }
        String answer = DeviceSkills.answer(message);
        if (answer != null || mode == Mode.DEVICE) {
            return new OnDevice(answer == null ? BEYOND_DEVICE : answer, false);
        }
        return serverReachable ? new ToServer() : offline(message);
    }

    /** The device's answer to a message that was meant for the server, which is out of reach. */
    public static OnDevice offline(String message) {
        String answer = DeviceSkills.answer(message);
        return new OnDevice(answer == null ? BEYOND_DEVICE_OFFLINE : answer, true);
    }
}
