package org.hybridchat.client.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hybridchat.client.route.Router.Mode;
import org.hybridchat.client.route.Router.OnDevice;
import org.hybridchat.client.route.Router.ToServer;
import org.junit.jupiter.api.Test;

class RouterTest {

    @Test
    void greetings_thanks_and_help_are_answered_on_the_device() {
        assertEquals(new OnDevice("Goodbye!", false), Router.route("Bye!", Mode.AUTO, true));
        assertEquals(new OnDevice("You're welcome.", false), Router.route("  Thank   you.", Mode.AUTO, true));
        assertEquals(new OnDevice(DeviceSkills.HELP, false), Router.route("What can you do?", Mode.AUTO, true));
    }

    @Test
    void arithmetic_is_computed_on_the_device() {
        assertEquals(new OnDevice("12 * (3 + 4) = 84", false), Router.route("What is 12 * (3 + 4)?", Mode.AUTO, true));
        assertEquals(new OnDevice("2^10 = 1024", false), Router.route("calculate 2^10 =", Mode.AUTO, true));
    }

    @Test
    void anything_else_goes_to_the_server() {
        assertEquals(new ToServer(), Router.route("What is a daemon?", Mode.AUTO, true));
        assertEquals(new ToServer(), Router.route("hi, how does TCP work?", Mode.AUTO, true));
        assertEquals(new ToServer(), Router.route("42", Mode.AUTO, true));
    }

    @Test
    void forcing_the_device_answers_there_even_what_it_cannot() {
        assertEquals(new OnDevice(Router.BEYOND_DEVICE, false), Router.route("What is a daemon?", Mode.DEVICE, true));
        assertEquals(new OnDevice("Goodbye!", false), Router.route("bye", Mode.DEVICE, true));
    }

    @Test
    void forcing_the_server_sends_even_a_greeting_even_when_it_seems_down() {
        assertEquals(new ToServer(), Router.route("hello", Mode.SERVER, true));
        assertEquals(new ToServer(), Router.route("hello", Mode.SERVER, false));
    }

    @Test
    void with_the_server_out_of_reach_the_device_answers_and_says_it_was_offline() {
        assertEquals(new OnDevice(Router.BEYOND_DEVICE_OFFLINE, true), Router.route("What is a daemon?", Mode.AUTO, false));
        assertEquals(new OnDevice("1 + 1 = 2", false), Router.route("1 + 1", Mode.AUTO, false),
                "what the device answers anyway is not an offline answer");
        assertEquals(new OnDevice("1 + 1 = 2", true), Router.offline("1 + 1"));
    }

    @Test
    void the_placement_menu_values_name_the_modes() {
        assertEquals(Mode.DEVICE, Mode.of("device"));
        assertEquals(Mode.SERVER, Mode.of("server"));
        assertEquals(Mode.AUTO, Mode.of("auto"));
        assertEquals(Mode.AUTO, Mode.of("anything"));
    }
}
