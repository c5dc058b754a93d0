package org.hybridchat.client.conversation;

import java.util.ArrayList;
import java.util.List;
import org.hybridchat.client.conversation.Fences.Code;
import org.hybridchat.client.conversation.Fences.Part;
import org.hybridchat.client.conversation.Fences.Prose;
import org.teavm.jso.JSBody;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.xml.CharacterData;
import org.teavm.jso.dom.xml.Node;

/**
 * One stretch of an assistant's text, growing delta by delta: prose as text nodes, fenced code
 * ({@link Fences}) as code blocks. While the text holds no fence each delta extends one text node;
 * once it does, every delta renders the stretch again from its whole text, so a block shows as code
 * while it streams and the final rendering is exactly that of the whole text.
 *
 * <p>A code block is {@code <div class="code-block" data-language="…">}, holding a
 * {@code .code-head} ({@code .code-language} and a {@code button.copy}) and a
 * {@code <pre class="code" data-language="…"><code>…</code></pre>}.
 */
final class RichText {

    private final MessageList list;
    private final HTMLElement parent;
    private final StringBuilder text = new StringBuilder();
    private final List<Node> nodes = new ArrayList<>();
    private CharacterData plain; // the one text node while there is no fence
    private boolean fenced;

    RichText(MessageList list, HTMLElement parent) {
        this.list = list;
        this.parent = parent;
    }

    void append(String delta) {
        text.append(delta);
        fenced = fenced || Fences.mayHoldFence(text);
        if (!fenced) {
            if (plain == null) {
                plain = textNode("");
            }
            plain.appendData(delta);
            return;
        }
        for (Node node : nodes) {
            parent.removeChild(node);
        }
        nodes.clear();
        plain = null;
        for (Part part : Fences.split(text.toString())) {
            switch (part) {
                case Prose prose -> textNode(prose.text());
                case Code code -> add(codeBlock(list, code.language(), code.code()));
            }
        }
    }

    /** A code block with its language and a Copy button, as for a CODE_BLOCK event. */
    static HTMLElement codeBlock(MessageList list, String language, String code) {
        HTMLElement block = list.div("code-block", null);
        // Attributes, not classes: a language name from the model could hold spaces or worse.
        block.setAttribute("data-language", language);
        HTMLElement head = list.div("code-head", null);
        head.appendChild(list.element("span", "code-language", language.isEmpty() ? "code" : language));
        HTMLElement pre = list.element("pre", "code", null);
        pre.setAttribute("data-language", language);
        HTMLElement codeElement = list.element("code", null, code);
        pre.appendChild(codeElement);
        HTMLElement[] copy = new HTMLElement[1];
        copy[0] = list.button("copy", "Copy", () -> copy(code, codeElement, copy[0]));
        head.appendChild(copy[0]);
        block.appendChild(head);
        block.appendChild(pre);
        return block;
    }

    /**
     * Copies {@code text} with the Clipboard API; where that is missing or refused (an insecure
     * origin, no permission), selects the code and tries the older copy command, and failing that
     * leaves it selected and says so. The button says how it went ({@code data-copied} yes or no).
     */
    @JSBody(params = {"text", "code", "button"}, script = """
            function done(ok) {
              button.setAttribute('data-copied', ok ? 'yes' : 'no');
              button.textContent = ok ? 'Copied' : 'Selected: press Ctrl+C';
              setTimeout(function () { button.textContent = 'Copy'; }, 2000);
            }
            function fallback() {
              var ok = false;
              try {
                var range = document.createRange();
                range.selectNodeContents(code);
                var selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                ok = document.execCommand('copy');
              } catch (e) {}
              done(ok);
            }
            try {
              navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
            } catch (e) {
              fallback();
            }""")
    private static native void copy(String text, HTMLElement code, HTMLElement button);

    private CharacterData textNode(String data) {
        CharacterData node = list.document().createTextNode(data).cast();
        add(node);
        return node;
    }

    private void add(Node node) {
        parent.appendChild(node);
        nodes.add(node);
    }
}
