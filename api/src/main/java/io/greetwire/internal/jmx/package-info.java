/**
 * The servers' JMX MBeans. Exported to {@code java.management} only, which reads the MXBean
 * interface; loaded only when a server's config names an MBean.
 */
package io.greetwire.internal.jmx;
