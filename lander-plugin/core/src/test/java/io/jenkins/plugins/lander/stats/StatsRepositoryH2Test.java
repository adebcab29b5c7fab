package io.jenkins.plugins.lander.stats;

import io.jenkins.plugins.lander.repository.TestDatabase;

class StatsRepositoryH2Test extends StatsRepositoryContract {
    StatsRepositoryH2Test() {
        super(TestDatabase.H2);
    }
}
