/**
 * The suggestion model as the page's thread sees it, compiled into chat.js: the handle on the worker,
 * the ghost text under the caret and the model's status line. It never runs the model itself, so
 * that typing never waits on it.
 */
package org.hybridchat.client.suggest.page;
