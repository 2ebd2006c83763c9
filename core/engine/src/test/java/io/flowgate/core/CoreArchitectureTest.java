package io.flowgate.core;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "io.flowgate.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule frameworkFree = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.flowgate.core..", "io.flowgate.spi..", "io.flowgate.flowjson..", "java..")
            .because("core is the domain and its ports: no web framework, JSON library, crypto provider or database");

    @ArchTest
    static final ArchRule noJdkCryptoOrSqlEither = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("javax.crypto..", "java.sql..", "java.net.http..")
            .because("cryptography, storage and network calls are adapters' work");

    @ArchTest
    static final ArchRule portsAreInterfacesOrTheirExceptions = classes()
            .that().resideInAPackage("io.flowgate.core.port..")
            .and().areNotAssignableTo(Throwable.class)
            .and().areNotNestedClasses()
            .should().beInterfaces();

    @ArchTest
    static final ArchRule inboundAndOutboundPortsAreIndependent = noClasses()
            .that().resideInAPackage("io.flowgate.core.port.in..")
            .should().dependOnClassesThat().resideInAPackage("io.flowgate.core.port.out..");

    @ArchTest
    static final ArchRule theDomainKnowsNoPortOrService = noClasses()
            .that().resideInAPackage("io.flowgate.core.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("io.flowgate.core.port..", "io.flowgate.core.service..");
}
