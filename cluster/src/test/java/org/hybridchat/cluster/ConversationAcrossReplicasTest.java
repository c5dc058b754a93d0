package org.hybridchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Json;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.ChatApi.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replicas keep nothing of a conversation to themselves: a conversation begun on one replica goes on
 * on the other, which reads it from the shared Redis and gives the model all of it.
 */
class ConversationAcrossReplicasTest {

    static final String FIRST = "Tell me everything about operating systems.";
    static final String SECOND = "really?";

    @RegisterExtension
    static final SharedCluster shared = new SharedCluster();

    @Test
    void a_conversation_begun_on_one_replica_goes_on_on_the_other_with_its_whole_history() {
        Cluster cluster = shared.cluster();
        ChatApi one = new ChatApi(cluster.replicas().get(0).url());
        ChatApi two = new ChatApi(cluster.replicas().get(1).url());

        Turn first = one.chat(null, FIRST);
        Turn second = two.chat(first.sessionId(), SECOND);

        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(new ChatApi(cluster.url()).history(first.sessionId()).messages()).as("through the proxy")
                .containsExactly(ChatMessage.user(FIRST), ChatMessage.assistant(first.reply()),
                        ChatMessage.user(SECOND), ChatMessage.assistant(second.reply()));

        // The model saw the first turn: a chat reply is sampled with a seed taken from its run id, so
        // the first replica, asked through the OpenAI API for the same turn with the whole history and
        // that seed, writes the very reply the second one wrote; without the history it writes another
        // (after the first turn's "That's beyond me", "really?" gets that again; alone, "I'm the server's
        // model: ...", for every seed tried).
        long seed = seedOf(((RunStarted) second.events().getFirst()).runId());
        List<ChatMessage> history = List.of(ChatMessage.user(FIRST), ChatMessage.assistant(first.reply()),
                ChatMessage.user(SECOND));
        assertThat(completion(one, history, seed)).isEqualTo(second.reply());
        assertThat(completion(one, List.of(ChatMessage.user(SECOND)), seed)).as("without the history")
                .isNotEqualTo(second.reply());
    }

    /** As ChatService seeds a run: the run id's two halves, xor'ed. */
    private static long seedOf(String runId) {
        UUID run = UUID.fromString(runId);
        return run.getMostSignificantBits() ^ run.getLeastSignificantBits();
    }

    /** {@code /v1/chat/completions}, sampled as the chat samples (temperature 0.8, top_p 1, the default length). */
    private static String completion(ChatApi replica, List<ChatMessage> messages, long seed) {
        StringBuilder json = new StringBuilder("{\"model\":\"hybridchat-gpt\",\"temperature\":0.8,\"seed\":")
                .append(seed).append(",\"messages\":[");
        for (ChatMessage message : messages) {
            json.append(json.charAt(json.length() - 1) == '[' ? "" : ",").append("{\"role\":");
            Json.quote(message.role().name().toLowerCase(), json);
            json.append(",\"content\":");
            Json.quote(message.content(), json);
            json.append('}');
        }
        json.append("]}");
        HttpResponse<String> response = replica.send("POST", "/v1/chat/completions", "application/json", json.toString(),
                "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<?, ?> completion = (Map<?, ?>) Json.parse(response.body());
        Map<?, ?> choice = (Map<?, ?>) ((List<?>) completion.get("choices")).getFirst();
        return (String) ((Map<?, ?>) choice.get("message")).get("content");
    }
}
