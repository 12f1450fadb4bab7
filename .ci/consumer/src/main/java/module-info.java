/** The consumer check on the module path: it reads only Greetwire's public API (and JMX, to look). */
module io.greetwire.consumer {
    requires io.greetwire.api;
    requires java.management;
    requires jdk.jfr;
}
