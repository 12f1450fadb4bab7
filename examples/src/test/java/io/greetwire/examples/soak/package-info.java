/**
 * The bounded soak, run only with {@code -Psoak}: normal, slow, resetting and never-reading clients
 * against each transport for a couple of minutes, one {@code SOAK} line per transport.
 */
package io.greetwire.examples.soak;
