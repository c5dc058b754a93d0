package org.hybridchat.server;

import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import org.hybridchat.server.generation.DecodeLoop;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The real server on a random port, its decode loop writing one reply at a time, so that a test
 * can keep that row busy ({@link BusyModel}) and watch what waiting does. A subclass states the rest
 * of its limits with {@code @TestPropertySource}, which adds to these properties. The rules plan,
 * so that no planning takes the row between two of the test's replies.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {"hybridchat.generation.max-batch=1", "hybridchat.planner=rules"})
@ActiveProfiles("test")
abstract class OneRowServer {

    @LocalServerPort
    protected int port;

    @Autowired
    protected DecodeLoop decodeLoop;
}
