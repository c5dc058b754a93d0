/**
 * The on-device suggestion model itself, the code every side shares: the JVM (the trainer, the
 * tests, the benchmark) and, compiled by TeaVM, the Web Worker. Nothing here touches a browser API,
 * so the same bits come out wherever it runs. Where each other piece runs is in its package's name:
 * {@code page} (the page's thread), {@code worker} (the Web Worker), {@code jvmtraining} (never in a
 * browser).
 */
package org.hybridchat.client.suggest;
