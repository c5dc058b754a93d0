package org.hybridchat.server.tools;

import java.util.Map;

import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.knowledge.Entry;
import org.hybridchat.server.knowledge.KnowledgeIndex;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code define}: the one dictionary entry for a term, with its source and license, or plainly none. */
@Component
public class DefineTool implements Tool {
    public static final String NAME = "define";
    public static final ToolArguments ARGUMENTS = ToolArguments.of(
            Parameter.quoting("term", "the word or phrase to define, as the user wrote it", 200));

    // built in the background while the server starts: taken when the first call needs it
    private final ObjectProvider<KnowledgeIndex> knowledge;

    DefineTool(ObjectProvider<KnowledgeIndex> knowledge) {
        this.knowledge = knowledge;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The FOLDOC or Jargon File entry for a computing term, or that the dictionaries have none.";
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
        String term = arguments.get("term");
        // Lucene reads from memory but still takes a millisecond or two: off the event loop
        return Mono.fromCallable(() -> lookUp(knowledge.getObject(), term)).subscribeOn(Schedulers.boundedElastic());
    }

    /** The entry for the term, or that there is none. */
    public static ToolResult lookUp(KnowledgeIndex index, String term) {
        return index.define(term).map(DefineTool::definition).orElseGet(() -> new ToolResult.NoEntry(term));
    }

    static ToolResult definition(Entry entry) {
        return new ToolResult.Definition(entry.headword(), entry.text(), entry.source().dictionaryName(),
                entry.source().license(), entry.source().licenseUrl(), entry.crossReferences());
    }
}
