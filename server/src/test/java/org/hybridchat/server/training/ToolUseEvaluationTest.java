package org.hybridchat.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.knowledge.ShippedDictionaries;
import org.hybridchat.server.network.ServerModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model card's table, held at the level the shipped model reached (bin/eval-tool-use prints it;
 * batch-invariant decoding makes it replay exactly): a model or planner change that loses ground
 * fails here. Of the targets, tool choice 95% and "no entry" 90% are reached; arguments 90% and
 * grounded 80% are not yet: see the model card.
 */
class ToolUseEvaluationTest {
    private static ServerModel model;
    private static DecodeLoop loop;
    private static ToolUseEvaluation evaluation;

    @BeforeAll
    static void loadTheShippedModel() {
        model = ServerModel.loadShipped();
        loop = ToolUseEvaluation.decodeLoop(model);
        evaluation = new ToolUseEvaluation(model, loop, ShippedDictionaries.index(), ShippedDictionaries.entries());
    }

    @AfterAll
    static void close() {
        loop.close();
        model.close();
    }

    @Test
    void the_model_planner_chooses_calls_and_grounds_its_replies_at_the_level_reached() {
        ToolUseEvaluation.Row row = evaluation.modelPlanner();

        assertThat(row.toolChoice()).as("tool choice").isGreaterThanOrEqualTo(TOOL_CHOICE);
        assertThat(row.arguments()).as("arguments").isGreaterThanOrEqualTo(ARGUMENTS);
        assertThat(row.grounded()).as("grounded").isGreaterThanOrEqualTo(GROUNDED);
        assertThat(row.noEntry()).as("no entry").isGreaterThanOrEqualTo(NO_ENTRY);
        assertThat(row.contactDetails()).as("invented contact details").isLessThanOrEqualTo(CONTACT_DETAILS);
    }

    @Test
    void the_rule_planner_baseline_stays_where_it_was() {
        ToolUseEvaluation.Row row = evaluation.rulePlanner();

        assertThat(row.toolChoice()).as("tool choice").isGreaterThanOrEqualTo(RULES_TOOL_CHOICE);
        assertThat(row.noEntry()).as("no entry").isGreaterThanOrEqualTo(RULES_NO_ENTRY);
        assertThat(row.contactDetails()).as("invented contact details").isZero();
    }

    @Test
    void without_tools_the_model_is_not_grounded_and_never_says_no_entry() {
        ToolUseEvaluation.Row row = evaluation.modelWithoutTools();

        assertThat(row.grounded()).as("grounded").isLessThan(NO_TOOLS_GROUNDED_AT_MOST);
        assertThat(row.noEntry()).as("no entry").isLessThan(0.1);
    }

    // the levels reached on 352 held-out questions: 97.7%, 90.5%, 90.8%, 100%, none; rules 20.7%, 17.5%
    private static final double TOOL_CHOICE = 0.975;
    private static final double ARGUMENTS = 0.904;
    private static final double GROUNDED = 0.905;
    private static final double NO_ENTRY = 1.0;
    private static final double CONTACT_DETAILS = 0;
    private static final double RULES_TOOL_CHOICE = 0.20;
    private static final double RULES_NO_ENTRY = 0.175;
    private static final double NO_TOOLS_GROUNDED_AT_MOST = 0.05;
}
