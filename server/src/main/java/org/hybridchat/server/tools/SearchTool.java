package org.hybridchat.server.tools;

import java.util.Map;

import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.knowledge.Hit;
import org.hybridchat.server.knowledge.KnowledgeIndex;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code search}: the dictionary entries that best match free text, best first. */
@Component
public class SearchTool implements Tool {
    public static final String NAME = "search";
    public static final ToolArguments ARGUMENTS =
            ToolArguments.of(Parameter.quoting("query", "what to look for, in a few words", 300));
    static final int HITS = 5;
    private static final int SNIPPET_CHARS = 160;

    // built in the background while the server starts: taken when the first call needs it
    private final ObjectProvider<KnowledgeIndex> knowledge;

    SearchTool(ObjectProvider<KnowledgeIndex> knowledge) {
        this.knowledge = knowledge;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The top " + HITS + " dictionary entries for free text, when no single term is asked about.";
    }

    @Override
    public ToolArguments arguments() {
        return ARGUMENTS;
    }

    @Override
    public Permission permission() {
        return Permission.USER;
    }

    @Override
    public Mono<ToolResult> run(Map<String, String> arguments, Caller caller) {
        String query = arguments.get("query");
        return Mono.fromCallable(() -> lookFor(knowledge.getObject(), query)).subscribeOn(Schedulers.boundedElastic());
    }

    /** The best entries for the query, best first. */
    public static ToolResult lookFor(KnowledgeIndex index, String query) {
        return new ToolResult.SearchResults(query, index.search(query, HITS).stream().map(SearchTool::hit).toList());
    }

    private static ToolResult.SearchHit hit(Hit hit) {
        String text = hit.entry().text();
        String snippet = text.length() <= SNIPPET_CHARS ? text : text.substring(0, text.lastIndexOf(' ', SNIPPET_CHARS) > 0
                ? text.lastIndexOf(' ', SNIPPET_CHARS) : SNIPPET_CHARS) + "…";
        return new ToolResult.SearchHit(hit.entry().headword(), hit.entry().source().dictionaryName(), snippet);
    }
}
