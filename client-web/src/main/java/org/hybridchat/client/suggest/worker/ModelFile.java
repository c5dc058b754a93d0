package org.hybridchat.client.suggest.worker;

import java.util.function.Consumer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.ajax.XMLHttpRequest;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * Gets the model file in the worker: from the Cache API when an earlier visit stored it, so a page
 * load after the first needs no network for the model; else over the network, reporting progress,
 * and then into the cache. Where the Cache API is missing (pages served over plain http from another
 * host than localhost are not a secure context) the file comes from the network every time.
 *
 * <p>XMLHttpRequest rather than fetch: TeaVM 0.15 binds it, with its progress events.
 */
final class ModelFile {

    private static final String CACHE = "hybridchat-model";

    interface Progress {
        void update(int loaded, int total);
    }

    interface Loaded {
        /** {@code source} is "cache" or "network". */
        void accept(byte[] bytes, String source);
    }

    /** The parts of the Cache API used here. */
    interface Cache extends JSObject {
        JSPromise<JSObject> put(String url, JSObject response);
    }

    private ModelFile() {}

    static void load(String url, Progress progress, Loaded loaded, Consumer<String> failed) {
        openCache(CACHE).then(cache -> {
            if (cache == null) {
                download(url, null, progress, loaded, failed);
                return null;
            }
            cachedBytes(cache, url).then(buffer -> {
                if (buffer == null) {
                    download(url, cache, progress, loaded, failed);
                } else {
                    loaded.accept(bytes(buffer), "cache");
                }
                return null;
            });
            return null;
        });
    }

    private static void download(String url, Cache cache, Progress progress, Loaded loaded, Consumer<String> failed) {
        XMLHttpRequest xhr = new XMLHttpRequest();
        xhr.open("GET", url);
        xhr.setResponseType("arraybuffer");
        xhr.onProgress(e -> progress.update(e.getLoaded(), e.isLengthComputable() ? e.getTotal() : 0));
        xhr.onLoad(e -> {
            if (xhr.getStatus() != 200) {
                failed.accept("the model file answered " + xhr.getStatus());
                return;
            }
            ArrayBuffer buffer = xhr.getResponse().cast();
            if (cache != null) {
                cache.put(url, response(buffer)); // the page need not wait for the copy in the cache
            }
            loaded.accept(bytes(buffer), "network");
        });
        xhr.onError(e -> failed.accept("the model file could not be fetched"));
        xhr.send();
    }

    private static byte[] bytes(ArrayBuffer buffer) {
        return new Int8Array(buffer).copyToJavaArray();
    }

    /** The named cache, or null where there is none to open. */
    @JSBody(params = "name", script = "return self.caches ? caches.open(name).catch(() => null) : Promise.resolve(null);")
    private static native JSPromise<Cache> openCache(String name);

    /** The cached file's bytes, or null if it is not in the cache (or the cache cannot be read). */
    @JSBody(params = {"cache", "url"}, script = "return cache.match(url)"
            + ".then(response => response ? response.arrayBuffer() : null).catch(() => null);")
    private static native JSPromise<ArrayBuffer> cachedBytes(Cache cache, String url);

    @JSBody(params = "buffer", script = "return new Response(buffer);")
    private static native JSObject response(ArrayBuffer buffer);
}
