package org.hybridchat.client.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hybridchat.contract.Pii;
import org.junit.jupiter.api.Test;

class PrivacyPromptTest {

    @Test
    void the_prompt_names_what_it_found() {
        assertEquals("an email address, 2 phone numbers and a card number", PrivacyPrompt.describe(
                Pii.find("a@b.org, +1 202 555 0143, +1 202 555 0199, 4242424242424242")));
        assertEquals("2 email addresses", PrivacyPrompt.describe(Pii.find("a@b.org c@d.org")));
    }
}
