package org.hybridchat.server.tools;

import java.util.Map;

import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.tools.Calculator.CalculationException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code calculate}: exact arithmetic, where the model would guess digits. */
@Component
public class CalculateTool implements Tool {
    public static final String NAME = "calculate";
    public static final ToolArguments ARGUMENTS =
            ToolArguments.of(Parameter.quoting("expression", "the arithmetic, e.g. 2^64 - 1", 500)
                    .madeOf(Calculator.CHARACTERS));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Exact arithmetic: + - * / % ^ and parentheses on integers of any size and decimals.";
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
        return Mono.just(calculate(arguments.get("expression")));
    }

    /** The exact value, "≈" and a value when it has no finite decimal form, or why there is none. */
    public static ToolResult calculate(String expression) {
        try {
            Calculator.Result result = Calculator.evaluate(expression);
            return new ToolResult.Calculation(expression, (result.exact() ? "" : "≈ ") + result.value());
        } catch (CalculationException e) {
            return new ToolResult.Failed(e.getMessage());
        }
    }
}
