package dev.warden;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The component graph of ARCHITECTURE.md, checked on the compiled classes: components
 * depend one way (no cycles), only along the edges drawn there, and inside a component
 * boundary depends on control and entity, never the other way round. A new edge is a
 * design decision: draw it in ARCHITECTURE.md and here, or react to an event instead.
 */
@AnalyzeClasses(packages = "dev.warden", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule componentsHaveNoCycles = slices().matching("dev.warden.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule componentsDependOnlyAlongTheDrawnEdges = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("platform").definedBy("dev.warden.platform..")
            .layer("audit").definedBy("dev.warden.audit..")
            .layer("alerts").definedBy("dev.warden.alerts..")
            .layer("reports").definedBy("dev.warden.reports..")
            .layer("stats").definedBy("dev.warden.stats..")
            .layer("ratelimit").definedBy("dev.warden.ratelimit..")
            .layer("passwords").definedBy("dev.warden.passwords..")
            .layer("lockout").definedBy("dev.warden.lockout..")
            .layer("users").definedBy("dev.warden.users..")
            .layer("mail").definedBy("dev.warden.mail..")
            .layer("sessions").definedBy("dev.warden.sessions..")
            .layer("apikeys").definedBy("dev.warden.apikeys..")
            .layer("system").definedBy("dev.warden.system..")
            .layer("twofactor").definedBy("dev.warden.twofactor..")
            .layer("auth").definedBy("dev.warden.auth..")
            .layer("docs").definedBy("dev.warden.docs..")
            .whereLayer("stats").mayOnlyBeAccessedByLayers("docs")
            .whereLayer("ratelimit").mayOnlyBeAccessedByLayers("auth", "twofactor", "users", "docs")
            .whereLayer("mail").mayOnlyBeAccessedByLayers("users")
            .whereLayer("reports").mayOnlyBeAccessedByLayers("docs")
            .whereLayer("alerts").mayOnlyBeAccessedByLayers("stats", "docs")
            .whereLayer("docs").mayNotBeAccessedByAnyLayer()
            .whereLayer("auth").mayOnlyBeAccessedByLayers("docs")
            .whereLayer("system").mayOnlyBeAccessedByLayers("auth", "docs")
            .whereLayer("twofactor").mayOnlyBeAccessedByLayers("auth", "docs")
            .whereLayer("sessions").mayOnlyBeAccessedByLayers("twofactor", "auth", "stats", "docs")
            .whereLayer("apikeys").mayOnlyBeAccessedByLayers("auth", "stats", "docs")
            .whereLayer("users").mayOnlyBeAccessedByLayers("sessions", "apikeys", "system", "twofactor", "auth", "stats",
                    "docs")
            .whereLayer("lockout").mayOnlyBeAccessedByLayers("users", "twofactor", "auth", "stats")
            .whereLayer("passwords").mayOnlyBeAccessedByLayers("lockout", "users", "system", "auth")
            .whereLayer("audit").mayOnlyBeAccessedByLayers("lockout", "users", "sessions", "apikeys", "system", "twofactor",
                    "auth",
                    "alerts", "reports", "stats", "ratelimit", "docs");

    /** The API's description reads the other components' boundaries (resources and their records), nothing deeper. */
    @ArchTest
    static final ArchRule docsReadOnlyBoundaries = noClasses().that().resideInAPackage("dev.warden.docs..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.warden.auth.control..", "dev.warden.users.control..",
                    "dev.warden.sessions.control..", "dev.warden.apikeys.control..", "dev.warden.system.control..",
                    "dev.warden.alerts.control..", "dev.warden.reports.control..", "dev.warden.twofactor.control..", "dev.warden.stats.control..", "dev.warden.ratelimit.control..", "dev.warden.mail..",
                    "dev.warden.audit.control..", "dev.warden.lockout..", "dev.warden.passwords..", "..entity..");

    @ArchTest
    static final ArchRule controlDoesNotReachIntoBoundaries = noClasses().that().resideInAPackage("..control..")
            .should().dependOnClassesThat().resideInAPackage("..boundary..");

    @ArchTest
    static final ArchRule entitiesStandAlone = noClasses().that().resideInAPackage("..entity..")
            .should().dependOnClassesThat().resideInAnyPackage("..control..", "..boundary..");

    /** Grizzly is on the compile classpath for src/listener only (pom.xml); the WAR runs on any servlet container. */
    @ArchTest
    static final ArchRule noContainerInternals = noClasses().that().resideInAPackage("dev.warden..")
            .should().dependOnClassesThat().resideInAPackage("org.glassfish.grizzly..");

    /**
     * MicroProfile Metrics only in beans that do nothing but count: a server without it
     * (WildFly 38) leaves such a bean out of CDI, and a rule that counted its own work (as
     * AlertRules once did) would silently stop working with it.
     */
    @ArchTest
    static final ArchRule metricsOnlyInCounters = noClasses().that().resideInAPackage("dev.warden..")
            .and().haveSimpleNameNotEndingWith("Metrics")
            .should().dependOnClassesThat().resideInAPackage("org.eclipse.microprofile.metrics..")
            .because("only the counters may be lost where the server has no MicroProfile Metrics");

    /**
     * MicroProfile OpenAPI 3.1 (Payara) and 4.x (WildFly 38) differ in a schema's type: one
     * type and {@code nullable} against a list of types with {@code NULL}. The docs
     * component sets and reads them only through {@code SchemaTypes}, which speaks both.
     */
    @ArchTest
    static final ArchRule schemaTypesThroughSchemaTypes = noClasses().that().resideInAPackage("dev.warden..")
            .and().doNotHaveSimpleName("SchemaTypes")
            .should().callMethod(org.eclipse.microprofile.openapi.models.media.Schema.class, "type",
                    org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.class)
            .orShould().callMethod(org.eclipse.microprofile.openapi.models.media.Schema.class, "setType",
                    org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.class)
            .orShould().callMethod(org.eclipse.microprofile.openapi.models.media.Schema.class, "getType")
            .orShould().callMethod(org.eclipse.microprofile.openapi.models.media.Schema.class, "nullable", Boolean.class)
            .orShould().callMethod(org.eclipse.microprofile.openapi.models.media.Schema.class, "setNullable", Boolean.class)
            .because("those methods are not in MicroProfile OpenAPI 4.x, which WildFly has");

    /**
     * Resources, providers and services are one instance each; {@code RequestInfo} is a
     * record, a value with no proxy, so a field of it would keep the first request's client
     * forever. Such beans take the request-scoped {@code RequestClient} (a proxy) instead.
     */
    @ArchTest
    static final ArchRule noPerRequestValueInOneInstanceBeans = noFields()
            .that().haveRawType(dev.warden.platform.control.RequestInfo.class)
            .and().areAnnotatedWith(jakarta.inject.Inject.class)
            .should().beDeclaredInClassesThat().areNotAnnotatedWith(jakarta.enterprise.context.RequestScoped.class)
            .because("a one-instance bean would keep the first request's client").allowEmptyShould(true);

    /**
     * Hibernate runs without generated classes (platform.control.NoRuntimeBytecode, no Byte
     * Buddy in the WAR), so nothing may need an entity proxy: no associations, which would
     * be lazy or fetched through proxies, and no reference in place of a loaded entity.
     */
    @ArchTest
    static final ArchRule noEntityAssociations = noFields()
            .should().beAnnotatedWith(jakarta.persistence.ManyToOne.class)
            .orShould().beAnnotatedWith(jakarta.persistence.OneToOne.class)
            .orShould().beAnnotatedWith(jakarta.persistence.OneToMany.class)
            .orShould().beAnnotatedWith(jakarta.persistence.ManyToMany.class)
            .orShould().beAnnotatedWith(jakarta.persistence.ElementCollection.class)
            .because("Hibernate has no bytecode provider here to make their proxies");

    @ArchTest
    static final ArchRule noEntityReferences = noClasses()
            .should().callMethod(jakarta.persistence.EntityManager.class, "getReference", Class.class, Object.class)
            .because("a reference is a proxy, which Hibernate cannot make without a bytecode provider");

    /**
     * The server's default locale is the operator's: Turkish upper-cases "i" to a dotted capital I,
     * Arabic formats 10 in Arabic-Indic digits. What Warden writes into queries, keys, headers and
     * comparisons is cased and formatted in the root locale (the test servers run in
     * Turkish and Arabic, it.ServerLocale).
     */
    @ArchTest
    static final ArchRule noDefaultLocale = noClasses().that().resideInAPackage("dev.warden..")
            .should().callMethod(String.class, "toLowerCase")
            .orShould().callMethod(String.class, "toUpperCase")
            .orShould().callMethod(String.class, "format", String.class, Object[].class)
            .orShould().callMethod(String.class, "formatted", Object[].class)
            .because("the default locale cases and formats text differently in Turkish, Arabic, Persian...");

    /** Jersey's header map finds names by a hash in the server's locale (platform.boundary.RequestHeaders). */
    @ArchTest
    static final ArchRule requestHeadersThroughRequestHeaders = noClasses().that().resideInAPackage("dev.warden..")
            .and().doNotHaveSimpleName("RequestHeaders")
            .should().callMethod(jakarta.ws.rs.container.ContainerRequestContext.class, "getHeaderString", String.class)
            .orShould().callMethod(jakarta.ws.rs.core.HttpHeaders.class, "getHeaderString", String.class)
            .orShould().callMethod(jakarta.ws.rs.core.HttpHeaders.class, "getRequestHeader", String.class)
            .because("in Turkish, Jersey did not find X-API-Key sent as x-api-key");
}
