package org.hybridchat.server.chat;

import org.hybridchat.server.model.ServerModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One server model for the whole application: every generation shares its weights. */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    @Bean(destroyMethod = "close")
    ServerModel serverModel() {
        ServerModel model = ServerModel.loadShipped();
        log.info("Loaded the server model: {}", model.info());
        return model;
    }
}
