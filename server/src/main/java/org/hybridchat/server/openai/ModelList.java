package org.hybridchat.server.openai;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of {@code GET /v1/models}: the one model this server runs. */
record ModelList(String object, List<Model> data) {

    ModelList(Model model) {
        this("list", List.of(model));
    }

    @JsonNaming(SnakeCaseStrategy.class)
    record Model(String id, String object, long created, String ownedBy) {}
}
