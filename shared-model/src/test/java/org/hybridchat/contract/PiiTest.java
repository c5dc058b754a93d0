package org.hybridchat.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hybridchat.contract.Pii.Finding;
import org.hybridchat.contract.Pii.Kind;
import org.junit.jupiter.api.Test;

class PiiTest {

    @Test
    void email_addresses_are_found_without_the_punctuation_around_them() {
        assertEquals("write to [email].", redacted("write to ada.lovelace+chat@example.co.uk."));
        assertEquals("([email]) or [email]", redacted("(bob@mail.example.org) or x_y%z@a-b.io"));
    }

    @Test
    void an_at_sign_that_is_no_address_is_left_alone() {
        assertEquals(List.of(), Pii.find("meet @ noon, user@localhost, a@b.c, me@host.123"));
    }

    @Test
    void phone_numbers_in_common_forms_are_found() {
        assertEquals("call [phone] or [phone] or [phone]",
                redacted("call +44 20 7946 0958 or (555) 123-4567 or 030 1234567"));
        assertEquals("[phone]", redacted("+33612345678"));
    }

    @Test
    void short_numbers_dates_decimals_and_versions_are_not_phone_numbers() {
        assertEquals(List.of(), Pii.find(
                "555-1234 on 2026-11-23 at 3.14159265358 with v10.15.7 from 192.168.100.200, 1,000,000 users"));
    }

    @Test
    void card_numbers_need_a_valid_luhn_check_digit() {
        assertEquals("pay with [card]", redacted("pay with 4242 4242 4242 4242"));
        assertEquals("[card]", redacted("5555-5555-5555-4444"));
        assertEquals(List.of(), Pii.find("order 4242 4242 4242 4241"),
                "16 digits failing the check are neither a card nor, being too long, a phone");
    }

    @Test
    void the_luhn_check() {
        assertTrue(Pii.luhn("79927398713"));
        assertFalse(Pii.luhn("79927398710"));
    }

    @Test
    void findings_come_in_order_with_their_kind_and_place() {
        String text = "a@b.org 4242424242424242 +1 202 555 0143";
        assertEquals(List.of(new Finding(Kind.EMAIL, 0, 7), new Finding(Kind.CARD, 8, 24),
                new Finding(Kind.PHONE, 25, 40)), Pii.find(text));
    }

    private static String redacted(String text) {
        return Pii.redact(text, Pii.find(text));
    }
}
