package org.hybridchat.server.planning;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.tools.Calculator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The baseline planner: patterns for the questions the tools answer. Checked in order, most specific
 * first: forgetting and history ("did I ask ...") before definitions, so that "what did I ask?" is
 * not a definition of "did I ask". Anything else goes to the model. The baseline the default
 * {@link ModelPlanner} is measured against ({@code hybridchat.planner=rules} switches to it), and
 * what the model planner falls back on when the model has no free row.
 */
@Component
@ConditionalOnProperty(name = "hybridchat.planner", havingValue = "rules")
public class RulePlanner implements Planner {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    /** "forget this conversation", "please delete our chat history", "clear everything" */
    private static final Pattern FORGET = Pattern.compile(
            "^(?:please\\s+)?(?:forget|delete|erase|clear|wipe)\\s+(?:(?:this|our|the|my|all|of|that)\\s+)*"
                    + "(?:conversation|chat|history|messages|everything|what\\s+i\\s+(?:said|asked|wrote))"
                    + "(?:\\s+(?:history|so\\s+far|please|now))*\\s*[.!?]*$", FLAGS);
    private static final Pattern HISTORY_ALL = Pattern.compile(
            "^(?:what|which)\\s+(?:did|have)\\s+i\\s+(?:ask|asked|say|said|write|written|mention|mentioned)"
                    + "(?:\\s+(?:you|so far|before|earlier|here|in this (?:conversation|chat)))*\\s*\\??$", FLAGS);
    private static final Pattern HISTORY_ABOUT = Pattern.compile(
            "^(?:did|have)\\s+i\\s+(?:ask|asked|say|said|write|written|mention|mentioned)\\s+(?:you\\s+)?"
                    + "(?:about\\s+)?(.+?)\\s*(?:before|earlier|already)?\\s*\\??$"
                    + "|^search\\s+(?:my|our|the|this)\\s+(?:history|conversation|chat|messages)\\s+for\\s+(.+?)\\s*\\??$"
                    + "|^when\\s+did\\s+i\\s+(?:ask|talk|write)\\s+about\\s+(.+?)\\s*\\??$", FLAGS);
    private static final Pattern SERVER_LOAD = Pattern.compile(
            "^(?:what(?:'s| is)\\s+the\\s+|show\\s+(?:me\\s+)?the\\s+)?server(?:'s)?\\s+(?:load|status|limits)\\s*\\??$"
                    + "|^how\\s+busy\\s+is\\s+the\\s+(?:server|model)\\s*\\??$", FLAGS);
    private static final Pattern ARITHMETIC_PREFIX = Pattern.compile(
            "^(?:what(?:'s| is)|how much is|calculate|compute|evaluate|work out|solve)\\s+", FLAGS);
    private static final Pattern SEARCH = Pattern.compile(
            "^(?:search|look)\\s+(?:the\\s+dictionar(?:y|ies)\\s+)?for\\s+(.+?)\\s*\\??$"
                    + "|^find\\s+(?:entries|something|anything)\\s+(?:about|on)\\s+(.+?)\\s*\\??$", FLAGS);
    private static final List<Pattern> DEFINITION = List.of(
            Pattern.compile("^what\\s+does\\s+(.+?)\\s+(?:mean|stand\\s+for)\\s*\\??$", FLAGS),
            Pattern.compile("^(?:can\\s+you\\s+|please\\s+)?explain\\s+(?:to\\s+me\\s+)?(?:what\\s+)?(.+?)"
                    + "(?:\\s+(?:means|is|are|stands\\s+for))?\\s*\\??$", FLAGS),
            Pattern.compile("^(?:what(?:'s|\\s+is|\\s+are|\\s+was)|who(?:'s|\\s+is|\\s+was))\\s+(.+?)\\s*\\??$", FLAGS),
            Pattern.compile("^(?:please\\s+)?(?:define|look\\s+up|lookup)\\s+(.+?)\\s*\\??$", FLAGS),
            Pattern.compile("^(?:the\\s+)?(?:definition|meaning)\\s+of\\s+(.+?)\\s*\\??$", FLAGS),
            Pattern.compile("^tell\\s+me\\s+(?:about|what)\\s+(.+?)(?:\\s+(?:is|means))?\\s*\\??$", FLAGS),
            Pattern.compile("^(?:do\\s+you\\s+know\\s+)?what\\s+(.+?)\\s+(?:is|means)\\s*\\??$", FLAGS));
    /** FOLDOC's longest headwords run to five or six words ("Free On-line Dictionary of Computing"). */
    private static final int MAX_TERM_WORDS = 6;
    private static final Pattern SENTENCE = Pattern.compile("[?!;]|[.,]\\s");
    private static final Pattern ARTICLE = Pattern.compile("^(?:a|an|the)\\s+", FLAGS);
    private static final Pattern QUOTES = Pattern.compile("^[\"'“‘`](.+)[\"'”’`]$");
    /** What is left when it is arithmetic: digits and operators, at least one of each. */
    private static final Pattern EXPRESSION = Pattern.compile(
            "^[" + Calculator.CHARACTERS + "]*\\d[" + Calculator.CHARACTERS + "]*$");
    private static final Pattern OPERATOR = Pattern.compile("\\d[\\s)]*[+\\-−*/%^×÷]|[+\\-−]\\s*[\\d(]");

    @Override
    public Mono<PlannedCall> plan(List<ChatMessage> conversation) {
        return Mono.justOrEmpty(plan(conversation.getLast().content()));
    }

    /** The reply is {@link GroundedAnswer}'s: the result's own words, with nothing generated. */
    @Override
    public Mono<String> answer(List<ChatMessage> conversation, PlannedCall call, ToolResult result) {
        return Mono.just(GroundedAnswer.of(result));
    }

    /** The call for one message, or none. */
    Optional<PlannedCall> plan(String message) {
        String text = message.strip().replaceAll("\\s+", " ");
        if (FORGET.matcher(text).matches()) {
            return call("forget", "scope", "conversation");
        }
        if (HISTORY_ALL.matcher(text).matches()) {
            return call("history", "query", "*");
        }
        Matcher about = HISTORY_ABOUT.matcher(text);
        if (about.matches()) {
            return call("history", "query", firstGroup(about));
        }
        if (SERVER_LOAD.matcher(text).matches()) {
            return Optional.of(new PlannedCall("server_load", Map.of()));
        }
        String arithmetic = ARITHMETIC_PREFIX.matcher(text).replaceFirst("").replaceAll("\\s*[?=]+\\s*$", "");
        if (EXPRESSION.matcher(arithmetic).matches() && OPERATOR.matcher(arithmetic).find()) {
            return call("calculate", "expression", arithmetic.strip());
        }
        Matcher search = SEARCH.matcher(text);
        if (search.matches()) {
            return call("search", "query", firstGroup(search));
        }
        for (Pattern definition : DEFINITION) {
            Matcher m = definition.matcher(text);
            if (m.matches()) {
                String term = term(m.group(1));
                return isTerm(term) ? call("define", "term", term) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Whether it reads as a dictionary term rather than a question of its own: a few words, no sentence
     * inside. "what is the best way to learn Java to get a job?" is for the model, not for define.
     */
    private static boolean isTerm(String term) {
        return !term.isEmpty() && term.split("\\s+").length <= MAX_TERM_WORDS && !SENTENCE.matcher(term).find();
    }

    /** "a compiler" -> "compiler", "'RTFM'" -> "RTFM": the term as a dictionary would list it. */
    private static String term(String phrase) {
        String term = ARTICLE.matcher(phrase.strip()).replaceFirst("");
        Matcher quoted = QUOTES.matcher(term);
        return (quoted.matches() ? quoted.group(1) : term).strip();
    }

    private static String firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return term(m.group(g));
            }
        }
        throw new IllegalStateException("a pattern matched without a group");
    }

    private static Optional<PlannedCall> call(String tool, String argument, String value) {
        return Optional.of(new PlannedCall(tool, Map.of(argument, value)));
    }
}
