package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo's questions answered through the model's own tool calls ({@code hybridchat.planner=model}),
 * as a person sees them: the real page in headless Chromium, each question on a page of its own (and
 * one follow-up), and for each the card of the call the model wrote and of the tool's result.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = "hybridchat.planner=model")
@ActiveProfiles("test")
class ModelPlannerBrowserTest {

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @LocalServerPort
    int port;

    @Test
    void a_definition_an_acronym_and_a_misspelt_headword_through_the_model_s_calls() {
        assertThat(definitionFor("what is a compiler?")).containsExactly("\"compiler\"", "compiler");
        assertThat(definitionFor("explain what RTFM means")).containsExactly("\"RTFM\"", "RTFM");
        assertThat(definitionFor("what is a compilr?")).as("the call as written, the entry the slip meant")
                .containsExactly("\"compilr\"", "compiler");
    }

    @Test
    void a_sum_through_the_model_s_call() {
        ChromeDriver browser = ask("what's 2^64 - 1?");

        WebElement sum = waitFor(browser, ".calculation-card");
        assertThat(sum.findElement(By.className("value")).getText()).isEqualTo("18446744073709551615");
        assertThat(waitFor(browser, ".tool-card[data-tool='calculate'] pre.tool-args").getText()).contains("\"2^64 - 1\"");
    }

    @Test
    void a_sum_asked_after_a_definition_is_planned_from_the_last_message() {
        ChromeDriver browser = ask("what is a compiler?");
        waitFor(browser, ".definition-card");

        send(browser, "and what's 2^64 - 1?"); // past what the device computes exactly: the server's

        assertThat(waitFor(browser, ".calculation-card").findElement(By.className("value")).getText())
                .isEqualTo("18446744073709551615");
        assertThat(browser.findElements(By.cssSelector(".definition-card"))).as("the first answer stays").hasSize(1);
    }

    /** The term in the define card's arguments, and the definition card's headword. */
    private List<String> definitionFor(String question) {
        ChromeDriver browser = ask(question);
        String headword = waitFor(browser, ".definition-card").findElement(By.className("headword")).getText();
        String arguments = waitFor(browser, ".tool-card[data-tool='define'] pre.tool-args").getText();
        return List.of(arguments.substring(arguments.indexOf('"', arguments.indexOf(':')), arguments.lastIndexOf('"') + 1),
                headword.toLowerCase().equals("compiler") ? "compiler" : headword);
    }

    private ChromeDriver ask(String question) {
        ChromeDriver browser = chromium.freshPage("http://localhost:" + port + "/");
        send(browser, question);
        return browser;
    }

    private static void send(ChromeDriver browser, String message) {
        WebElement input = browser.findElement(By.id("input"));
        chromium.waitUntil(() -> input.isEnabled() && browser.findElement(By.id("send")).isEnabled());
        input.sendKeys(message, Keys.ENTER);
    }

    private static WebElement waitFor(ChromeDriver browser, String css) {
        chromium.waitUntil(() -> !browser.findElements(By.cssSelector(css)).isEmpty());
        return browser.findElements(By.cssSelector(css)).getLast();
    }
}
