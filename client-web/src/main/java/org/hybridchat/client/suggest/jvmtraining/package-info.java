/**
 * Trains the browser's model with DJL on the JVM ({@code bin/train-browser-model}) and writes the
 * committed model file. It never runs in a browser: no TeaVM build reaches it, and DJL is a
 * provided dependency, so it stays out of every other classpath too.
 */
package org.hybridchat.client.suggest.jvmtraining;
