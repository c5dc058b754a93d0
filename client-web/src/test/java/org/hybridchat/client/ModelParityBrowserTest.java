package org.hybridchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.hybridchat.client.suggest.CharModel;
import org.hybridchat.client.suggest.Suggester;
import org.hybridchat.client.suggest.Suggester.Suggestion;
import org.hybridchat.client.suggest.worker.SuggestWorker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same Java inference code on the JVM and, compiled by TeaVM, in the browser's worker: for a fixed
 * set of texts both builds suggest exactly what the JVM does, with the very same probability, bit for
 * bit, because the model computes in double and with its own exp (see CharModel).
 */
class ModelParityBrowserTest extends BrowserTest {

    private static final List<String> TEXTS = List.of(
            "what is a compi", "the file sy", "the user interf", "a relational datab", "what is an algor",
            "in computer sci", "the operat", "A PROGRAMMING LANG", "how do i configure the net", "TCP/IP netw",
            "e-mail addr", "an object-ori", "the source co", "the network prot", "what is a daem",
            "", "a", "It is. ", "the operating ", "qwrtp zzkx", "don't", "version 2",
            "Ünïcödé tëxt and an emoji 🙂 then a compi", "tab\tand\nnew lines in the mid",
            "   lots    of   spaces   betw", "a " + "very ".repeat(200) + "long messa");

    private static Suggester jvm;

    @BeforeAll
    static void loadModelOnTheJvm() throws IOException {
        try (InputStream in = ModelParityBrowserTest.class.getResourceAsStream("/static/" + SuggestWorker.MODEL_FILE)) {
            jvm = new Suggester(CharModel.read(in.readAllBytes()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"wasm", "js"})
    void the_browser_suggests_exactly_what_the_jvm_does(String target) {
        List<WorkerDriver.Answer> answers = WorkerDriver.suggest(browser, target, TEXTS);

        int suggested = 0;
        for (int i = 0; i < TEXTS.size(); i++) {
            Suggestion expected = jvm.suggest(TEXTS.get(i));
            assertEquals(expected.text(), answers.get(i).text(), TEXTS.get(i));
            assertEquals(expected.probability(), answers.get(i).probability(), 0.0, TEXTS.get(i));
            suggested += expected.text().isEmpty() ? 0 : 1;
        }
        assertTrue(suggested >= TEXTS.size() / 2, "most texts should get a suggestion to compare: " + suggested);
    }
}
