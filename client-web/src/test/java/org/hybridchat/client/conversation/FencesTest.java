package org.hybridchat.client.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hybridchat.client.conversation.Fences.Code;
import org.hybridchat.client.conversation.Fences.Prose;
import org.junit.jupiter.api.Test;

class FencesTest {

    @Test
    void text_without_a_fence_is_one_piece_of_prose() {
        assertEquals(List.of(new Prose("A daemon is a program\nthat runs.")),
                Fences.split("A daemon is a program\nthat runs."));
        assertEquals(List.of(), Fences.split(""));
        assertFalse(Fences.mayHoldFence("two `` ticks and `one`"));
    }

    @Test
    void a_fenced_block_between_prose_is_code_with_its_language_and_the_fence_line_breaks_are_dropped() {
        assertEquals(List.of(new Prose("Like this:"), new Code("java", "int x = 1;\nSystem.out.println(x);", true),
                        new Prose("Then run it.")),
                Fences.split("Like this:\n```java\nint x = 1;\nSystem.out.println(x);\n```\nThen run it."));
    }

    @Test
    void the_language_is_the_first_word_of_the_info_string_and_may_be_absent() {
        assertEquals(List.of(new Code("python", "print(1)", true)), Fences.split("```  python title=x\nprint(1)\n```"));
        assertEquals(List.of(new Code("", "ls -l", true)), Fences.split("```\nls -l\n```\n"));
    }

    @Test
    void an_unclosed_fence_runs_to_the_end_as_a_streaming_reply_has_it() {
        assertEquals(List.of(new Prose("Here:"), new Code("sh", "echo hi\n", false)), Fences.split("Here:\n```sh\necho hi\n"));
        assertEquals(List.of(new Prose("Here:"), new Code("s", "", false)), Fences.split("Here:\n```s"));
        assertTrue(Fences.mayHoldFence("Here:\n```s"));
    }

    @Test
    void a_fence_opens_only_at_a_line_start_and_inline_backticks_stay_prose() {
        assertEquals(List.of(new Prose("run ```ls``` now\nand ```x``` too")), Fences.split("run ```ls``` now\nand ```x``` too"));
        assertEquals(List.of(new Code("", "a", true)), Fences.split("   ```\na\n   ```"));
        assertEquals(List.of(new Prose("    ```\nindented four is not a fence")),
                Fences.split("    ```\nindented four is not a fence"));
    }

    @Test
    void a_closing_fence_needs_as_many_backticks_and_nothing_else_on_its_line() {
        assertEquals(List.of(new Code("md", "```\ninner\n```", true)), Fences.split("````md\n```\ninner\n```\n````"));
        assertEquals(List.of(new Code("", "``` not a close\nx", false)), Fences.split("```\n``` not a close\nx"));
    }

    @Test
    void several_blocks_and_empty_ones_keep_their_order() {
        assertEquals(List.of(new Code("a", "", true), new Prose("mid"), new Code("b", "2", true), new Prose("\nend")),
                Fences.split("```a\n```\nmid\n```b\n2\n```\n\nend"));
    }

    @Test
    void markup_inside_code_or_prose_is_kept_as_characters() {
        String hostile = "<img src=x onerror=\"alert(1)\">";
        assertEquals(List.of(new Prose(hostile), new Code("<script>", hostile, true)),
                Fences.split(hostile + "\n```<script>\n" + hostile + "\n```"));
    }
}
