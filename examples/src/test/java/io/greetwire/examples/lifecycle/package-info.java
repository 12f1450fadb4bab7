/**
 * That a started server keeps its JVM alive: a child JVM whose {@code main} starts a server and
 * returns still serves, on every transport, until it is closed.
 */
package io.greetwire.examples.lifecycle;
