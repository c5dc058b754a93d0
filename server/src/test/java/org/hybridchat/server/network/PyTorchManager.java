package org.hybridchat.server.network;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PyTorch NDManager for each test, closed after it, so that no test's tensors outlive it:
 * {@code @RegisterExtension final PyTorchManager pytorch = new PyTorchManager();}.
 */
public final class PyTorchManager implements BeforeEachCallback, AfterEachCallback {
    private NDManager manager;

    /** The current test's manager. */
    public NDManager get() {
        return manager;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        manager.close();
    }
}
