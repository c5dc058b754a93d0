package org.hybridchat.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hybridchat.contract.StreamEvent.ToolCallResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every golden event, and every tool result as the content of a TOOL_CALL_RESULT, is a valid AG-UI
 * event by the protocol's own schemas: the official {@code @ag-ui/core} package from npm, run by
 * Node. The package is installed once into {@code target/ag-ui}.
 */
class AgUiSchemaTest {
    private static final Path INSTALL = Path.of("target", "ag-ui");

    @Test
    void every_golden_event_validates_against_the_official_schemas(@TempDir Path folder) throws Exception {
        List<String> files = new ArrayList<>();
        for (GoldenVectors.Vector v : GoldenVectors.EVENTS) {
            files.add(write(folder, v.file(), v.json()));
        }
        for (GoldenVectors.ToolResultVector v : GoldenVectors.TOOL_RESULTS) {
            files.add(write(folder, "result_" + v.file(),
                    WireFormat.encode(new ToolCallResult("m-9", "t-9", v.json()))));
        }

        String output = validate(files);

        assertEquals(files.size() + " passed, 0 failed", output.strip().lines().reduce((a, b) -> b).orElse(""), output);
    }

    private static String write(Path folder, String name, String json) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, json);
        return file.toString();
    }

    private static String validate(List<String> files) throws IOException, InterruptedException {
        if (!Files.isDirectory(INSTALL.resolve("node_modules/@ag-ui/core"))) {
            Files.createDirectories(INSTALL);
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", INSTALL.toString(),
                    "@ag-ui/core@1.0.0", "zod@4.6.7"));
        }
        Path script = INSTALL.resolve("validate-events.mjs");
        Files.copy(Path.of("src/test/js/validate-events.mjs"), script, StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(files);
        return run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return output;
    }
}
