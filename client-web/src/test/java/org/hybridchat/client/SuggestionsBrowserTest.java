package org.hybridchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Ghost text from the tiny model in the page's Web Worker, on every keystroke. */
class SuggestionsBrowserTest extends BrowserTest {

    @Test
    void typing_shows_the_on_device_suggestion_and_tab_accepts_it() {
        awaitModel();
        WebElement input = browser.findElement(By.id("input"));
        input.sendKeys("what is a compi");
        waitUntil(d -> !suggestion().isEmpty());

        assertEquals("ler", suggestion());
        assertTrue(browser.findElement(By.id("suggestion")).isDisplayed());
        input.sendKeys(Keys.TAB);
        assertEquals("what is a compiler", input.getDomProperty("value"));
        assertEquals("input", js("return document.activeElement.id"), "Tab must not move the focus");
    }

    @Test
    void each_keystroke_gets_a_fresh_suggestion() {
        awaitModel();
        WebElement input = browser.findElement(By.id("input"));
        input.sendKeys("the file sy");
        waitUntil(d -> suggestion().equals("stem"));

        input.sendKeys("s");
        waitUntil(d -> suggestion().equals("tem"));
        input.sendKeys("t");
        waitUntil(d -> suggestion().equals("em"));
        input.sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE);
        waitUntil(d -> suggestion().equals("stem"));
    }

    @Test
    void escape_dismisses_the_suggestion_until_the_next_keystroke() {
        awaitModel();
        WebElement input = browser.findElement(By.id("input"));
        input.sendKeys("what is a compi");
        waitUntil(d -> !suggestion().isEmpty());

        input.sendKeys(Keys.ESCAPE);
        assertEquals("", suggestion());
        assertFalse(browser.findElement(By.id("suggestion")).isDisplayed());
        input.sendKeys("l");
        waitUntil(d -> suggestion().equals("er"));
    }

    @Test
    void the_model_runs_as_webassembly_where_the_browser_has_wasm_gc() {
        awaitModel();

        assertEquals("wasm", modelStatus().getDomAttribute("data-target"));
        assertTrue(text(modelStatus()).contains("WebAssembly"), text(modelStatus()));
    }

    @Test
    void the_javascript_build_suggests_too() {
        browser.get(server.url() + "?target=js");
        awaitModel();
        assertEquals("js", modelStatus().getDomAttribute("data-target"));

        browser.findElement(By.id("input")).sendKeys("what is a compi");
        waitUntil(d -> suggestion().equals("ler"));
    }

    @Test
    void the_first_visit_shows_the_download_progress_and_the_next_takes_the_model_from_the_cache() {
        awaitModel(); // the page opened before this test may still be fetching: count from a quiet start
        browser.executeAsyncScript("caches.delete('hybridchat-model').then(arguments[0])");
        server.slowModel = true;
        int fetchedBefore = server.modelRequests();

        browser.navigate().refresh();
        WebElement progress = browser.findElement(By.id("model-progress"));
        waitUntil(d -> progress.isDisplayed() && number(progress, "value") > 0
                && number(progress, "value") < number(progress, "max"));
        assertTrue(text(modelStatus()).startsWith("Loading the on-device model… "), text(modelStatus()));
        waitUntil(Duration.ofSeconds(10), d -> "ready".equals(modelStatus().getDomAttribute("data-state")));
        assertEquals("network", modelStatus().getDomAttribute("data-source"));
        assertFalse(progress.isDisplayed());
        assertEquals(fetchedBefore + 1, server.modelRequests());

        waitUntil(d -> (Boolean) browser.executeAsyncScript("caches.open('hybridchat-model')"
                + ".then(c => c.keys()).then(keys => arguments[0](keys.length === 1))"));
        browser.navigate().refresh();
        awaitModel();
        assertEquals("cache", modelStatus().getDomAttribute("data-source"));
        assertEquals(fetchedBefore + 1, server.modelRequests(), "the second visit must not fetch the model");
    }

    private static WebElement modelStatus() {
        return browser.findElement(By.id("model-status"));
    }

    private static double number(WebElement element, String property) {
        return Double.parseDouble(element.getDomProperty(property));
    }
}
