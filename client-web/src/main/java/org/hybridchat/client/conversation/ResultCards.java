package org.hybridchat.client.conversation;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.ServerLoad;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.contract.ToolResult.Calculation;
import org.hybridchat.contract.ToolResult.Declined;
import org.hybridchat.contract.ToolResult.Definition;
import org.hybridchat.contract.ToolResult.Failed;
import org.hybridchat.contract.ToolResult.Forgotten;
import org.hybridchat.contract.ToolResult.HistoryMatches;
import org.hybridchat.contract.ToolResult.Load;
import org.hybridchat.contract.ToolResult.NoEntry;
import org.hybridchat.contract.ToolResult.Refused;
import org.hybridchat.contract.ToolResult.SearchHit;
import org.hybridchat.contract.ToolResult.SearchResults;
import org.teavm.jso.dom.html.HTMLAnchorElement;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * A tool's result as a card, one kind per {@link ToolResult} kind, each
 * {@code <div class="result-card KIND-card">}: {@code definition-card}, {@code no-entry-card},
 * {@code search-card}, {@code calculation-card}, {@code history-card}, {@code forgotten-card},
 * {@code load-card}, {@code refused-card}, {@code declined-card}, {@code error-card}. Every string
 * from the server goes in as text; the one link, a definition's license, only when it is http(s).
 */
final class ResultCards {

    private ResultCards() {}

    static HTMLElement render(MessageList list, ToolResult result) {
        return switch (result) {
            case Definition d -> definition(list, d);
            case NoEntry n -> withValue(list, "no-entry-card", "The dictionaries have no entry for ", "term", n.term(), ".");
            case SearchResults s -> search(list, s);
            case Calculation c -> calculation(list, c);
            case HistoryMatches h -> history(list, h);
            case Forgotten f -> forgotten(list, f);
            case Load l -> load(list, l.load());
            case Refused r -> withValue(list, "refused-card", "The server refused this call: ", "reason", r.reason(), "");
            case Declined d -> withValue(list, "declined-card", "Not done: ", "reason", d.reason(), "");
            case Failed f -> withValue(list, "error-card", "The tool failed: ", "reason", f.message(), "");
        };
    }

    static HTMLElement card(MessageList list, String kind, String text) {
        return list.element("div", "result-card " + kind, text);
    }

    /** {@code before}, then {@code value} in a {@code span.valueClass}, then {@code after}. */
    private static HTMLElement withValue(MessageList list, String kind, String before, String valueClass, String value,
                                         String after) {
        HTMLElement card = card(list, kind, null);
        HTMLElement line = list.element("p", null, before);
        line.appendChild(list.element("span", valueClass, value));
        if (!after.isEmpty()) {
            line.appendChild(list.document().createTextNode(after));
        }
        card.appendChild(line);
        return card;
    }

    private static HTMLElement definition(MessageList list, Definition d) {
        HTMLElement card = card(list, "definition-card", null);
        card.appendChild(list.element("div", "headword", d.headword()));
        card.appendChild(list.element("p", "definition-text", d.text()));
        HTMLElement origin = list.element("div", "origin", null);
        origin.appendChild(list.element("span", "source", d.source()));
        origin.appendChild(list.document().createTextNode(" · "));
        origin.appendChild(licenseLink(list, d.license(), d.licenseUrl()));
        card.appendChild(origin);
        if (!d.seeAlso().isEmpty()) {
            HTMLElement seeAlso = list.element("div", "see-also", "See also: ");
            for (String term : d.seeAlso()) {
                seeAlso.appendChild(list.chip(term));
            }
            card.appendChild(seeAlso);
        }
        return card;
    }

    /** A link only to an http(s) address: a {@code javascript:} or {@code data:} one stays plain text. */
    private static HTMLElement licenseLink(MessageList list, String license, String url) {
        String lower = url == null ? "" : url.toLowerCase();
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            return list.element("span", "license", license);
        }
        HTMLAnchorElement link = list.element("a", "license", license).cast();
        link.setHref(url);
        link.setTarget("_blank");
        link.setRel("noopener noreferrer");
        return link;
    }

    private static HTMLElement search(MessageList list, SearchResults s) {
        HTMLElement card = card(list, "search-card", null);
        HTMLElement title = list.element("div", "card-title", "Dictionary search: ");
        title.appendChild(list.element("span", "query", s.query()));
        card.appendChild(title);
        if (s.hits().isEmpty()) {
            card.appendChild(list.element("p", "no-hits", "Nothing found."));
            return card;
        }
        HTMLElement hits = list.element("ul", "hits", null);
        for (SearchHit hit : s.hits()) {
            HTMLElement item = list.element("li", "hit", null);
            HTMLElement chip = list.chip(hit.headword());
            chip.getClassList().add("headword");
            item.appendChild(chip);
            item.appendChild(list.element("span", "source", hit.source()));
            item.appendChild(list.element("div", "snippet", hit.snippet()));
            hits.appendChild(item);
        }
        card.appendChild(hits);
        return card;
    }

    private static HTMLElement calculation(MessageList list, Calculation c) {
        HTMLElement card = card(list, "calculation-card", null);
        card.appendChild(list.element("span", "expression", c.expression()));
        card.appendChild(list.element("span", "equals", " = "));
        card.appendChild(list.element("span", "value", c.value()));
        return card;
    }

    private static HTMLElement history(MessageList list, HistoryMatches h) {
        HTMLElement card = card(list, "history-card", null);
        HTMLElement title = list.element("div", "card-title", "Earlier messages mentioning ");
        title.appendChild(list.element("span", "query", h.query()));
        card.appendChild(title);
        if (h.messages().isEmpty()) {
            card.appendChild(list.element("p", "no-hits", "None."));
            return card;
        }
        HTMLElement messages = list.element("ol", "history", null);
        for (ChatMessage message : h.messages()) {
            HTMLElement item = list.element("li", "history-message", null);
            item.setAttribute("data-role", message.role().wireName());
            item.appendChild(list.element("span", "role", message.role() == Role.USER ? "you" : "assistant"));
            item.appendChild(list.element("span", "content", message.content()));
            messages.appendChild(item);
        }
        card.appendChild(messages);
        return card;
    }

    private static HTMLElement forgotten(MessageList list, Forgotten f) {
        HTMLElement card = withValue(list, "forgotten-card", "This conversation was forgotten: ", "count",
                Integer.toString(f.messages()), f.messages() == 1 ? " message deleted." : " messages deleted.");
        card.setAttribute("data-messages", Integer.toString(f.messages()));
        return card;
    }

    private static HTMLElement load(MessageList list, ServerLoad load) {
        HTMLElement card = card(list, "load-card", null);
        card.setAttribute("data-active", Integer.toString(load.active()));
        card.setAttribute("data-waiting", Integer.toString(load.waiting()));
        card.appendChild(list.element("div", "card-title", "Server model load"));
        card.appendChild(list.element("div", "active",
                "Writing: " + load.active() + " of at most " + load.maxActive() + " replies"));
        card.appendChild(list.element("div", "waiting",
                "Waiting: " + load.waiting() + " of at most " + load.maxWaiting()));
        return card;
    }
}
