#!/usr/bin/env bash
# Type-checks every main and test source of the three Jenkins plugins against the real Jenkins
# sources, for machines that cannot reach repo.jenkins-ci.org (see docs/jenkins.md). Where that
# repository is reachable, build the plugins for real instead, with a JDK 21 or newer (Jenkins
# 2.555.x needs it; the root POM's jenkins profile enforces it), e.g. the Temurin JDK most
# machines here have:
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -Pjenkins verify      (ls /usr/lib/jvm)
#   JENKINS_API_CHECK  the jenkins-api-check tool (default /work/shared/tools/jenkins-api-check)
#   JENKINS_MIRRORS    folder of OWNER+NAME/repo git mirrors (default /work/.mirror)
set -euo pipefail
cd "$(dirname "$0")/.."
tool="${JENKINS_API_CHECK:-/work/shared/tools/jenkins-api-check}"
mirrors="${JENKINS_MIRRORS:-/work/.mirror}"
cores=lander-plugin/core,build-steps-plugin/core,ticket-bridge-plugin/core
# One reactor run, so that each core resolves the others from target/classes (no install).
./mvnw -q -B -pl "$cores" -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=compile -Dmdep.outputFile=target/compile-classpath.txt
cp=""
for m in ${cores//,/ }; do cp+="$(cat "$m/target/compile-classpath.txt"):$PWD/$m/target/classes:"; done
# Types that Jenkins' own signatures need when test code reaches JenkinsRule and that the tool's
# list lacks; without them ecj aborts at the first such type and reports nothing.
for a in org.springframework:spring-context:6.1.14 org.springframework:spring-beans:6.1.14 org.springframework:spring-aop:6.1.14 org.springframework:spring-expression:6.1.14 org.springframework:spring-web:6.1.14 org.springframework.security:spring-security-web:6.3.4; do
  IFS=: read -r g art v <<<"$a"
  jar="$HOME/.m2/repository/${g//.//}/$art/$v/$art-$v.jar"
  [[ -f "$jar" ]] || ./mvnw -q -B dependency:get -Dartifact="$a" -Dtransitive=false >/dev/null
  cp+="$jar:"
done
srcs=()
for p in lander-plugin/plugin build-steps-plugin/plugin ticket-bridge-plugin/plugin; do
  for s in "$p/src/main/java" "$p/src/test/java"; do [[ -d "$s" ]] && srcs+=("$s"); done
done
echo "+ $tool --mirrors $mirrors --cp <cores> ${srcs[*]}"
exec "$tool" --mirrors "$mirrors" --cp "$cp" "${srcs[@]}"
