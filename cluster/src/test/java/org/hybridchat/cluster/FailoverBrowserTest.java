package org.hybridchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.HeadlessChromium;
import org.hybridchat.server.SseEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The real page in headless Chromium, through the proxy, while the replica writing its reply is
 * killed (SIGKILL): the page reconnects by itself, through the proxy, to the survivor, which takes the
 * run over; the reply goes on in place, says so, and ends as the whole reply, once, exactly what
 * Redis stores.
 */
class FailoverBrowserTest {

    static final String QUESTION = "Tell me everything about operating systems.";

    /**
     * Notes which replica answered each of the page's streaming requests, from the proxy's X-Upstream
     * header: the page's code makes a new XMLHttpRequest for each, so wrapping the prototype sees them all.
     */
    private static final String RECORD_UPSTREAMS = """
            window.upstreams = [];
            const open = XMLHttpRequest.prototype.open;
            XMLHttpRequest.prototype.open = function (method, url) {
              this.streamUrl = String(url);
              return open.apply(this, arguments);
            };
            const send = XMLHttpRequest.prototype.send;
            XMLHttpRequest.prototype.send = function () {
              this.addEventListener('readystatechange', () => {
                if (this.readyState === 2 && /api\\/(chat|runs\\/)/.test(this.streamUrl)) {
                  window.upstreams.push(this.getResponseHeader('X-Upstream'));
                }
              });
              return send.apply(this, arguments);
            };
            """;

    private static final String REPLY_TEXT_LENGTH = """
            const replies = document.querySelectorAll('#messages .message.assistant');
            const reply = replies[replies.length - 1];
            if (!reply) return -1;
            if (!reply.classList.contains('streaming')) return -2;
            return reply.querySelector('.text').textContent.length;
            """;

    @RegisterExtension
    static final SharedCluster shared = new SharedCluster();

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @Test
    void a_replica_killed_mid_reply_leaves_the_page_resuming_through_the_proxy_on_the_survivor_with_the_whole_reply()
            throws Exception {
        Cluster cluster = shared.cluster();
        ChromeDriver browser = chromium.driver();
        Replica killed = null;
        String session = null;
        // About one reply in ten is a short sentence that arrives in one piece; a few tries, each a new conversation.
        for (int attempt = 0; attempt < 5 && killed == null; attempt++) {
            cluster.restartStopped();
            chromium.freshPage(cluster.url() + "/");
            browser.executeScript(RECORD_UPSTREAMS);
            browser.findElement(By.id("input")).sendKeys(QUESTION, Keys.ENTER);
            if (!awaitReplyText(browser)) {
                continue; // it came whole
            }
            Replica writer = cluster.answered(upstreams(browser).getFirst());
            writer.kill();
            session = (String) browser.executeScript("return localStorage.getItem('hybridchat.sessionId')");
            String runId = runOf(cluster, session);
            if (!SseEntries.endsRun(StoredRun.last(cluster.redis(), runId).event())) {
                killed = writer;
            }
        }
        assertThat(killed).as("a reply still being written when its replica was killed").isNotNull();

        By finished = By.cssSelector("#messages .message.assistant:not(.streaming) .placement");
        chromium.waitUntil(() -> !browser.findElements(finished).isEmpty());

        List<WebElement> replies = browser.findElements(By.cssSelector("#messages .message.assistant"));
        assertThat(replies).hasSize(1);
        WebElement reply = replies.getFirst();
        assertThat(reply.getDomAttribute("class")).doesNotContain("failed");
        assertThat(reply.findElement(By.className("resumed")).getText()).isEqualTo("connection lost, resumed");
        assertThat(cluster.answered(upstreams(browser).getLast())).as("resumed on the survivor")
                .isEqualTo(cluster.other(killed));
        List<ChatMessage> stored = new ChatApi(cluster.url()).history(session).messages();
        assertThat(stored).hasSize(2);
        assertThat(stored.getFirst()).isEqualTo(ChatMessage.user(QUESTION));
        assertThat(normalizeSpace(reply.findElement(By.className("text")).getText()))
                .isEqualTo(normalizeSpace(stored.get(1).content()));
    }

    /** Waits for the reply's first text while it streams: true then, false if the reply came whole. */
    private static boolean awaitReplyText(ChromeDriver browser) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            long length = ((Number) browser.executeScript(REPLY_TEXT_LENGTH)).longValue();
            if (length > 0) {
                return true;
            }
            if (length == -2) {
                return false;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no reply within 30 s");
    }

    @SuppressWarnings("unchecked")
    private static List<String> upstreams(ChromeDriver browser) {
        return (List<String>) browser.executeScript("return window.upstreams");
    }

    /** The session's one run: the page keeps its run id to itself, Redis names it. */
    private static String runOf(Cluster cluster, String session) throws Exception {
        for (Object key : (List<?>) cluster.redis().call("KEYS", "hybridchat:run:{*}:session")) {
            if (session.equals(cluster.redis().call("GET", (String) key))) {
                String name = (String) key;
                return name.substring(name.indexOf('{') + 1, name.indexOf('}'));
            }
        }
        throw new AssertionError("no run of session " + session);
    }

    // getText() reports rendered text, which folds runs of white space the model may emit.
    private static String normalizeSpace(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
