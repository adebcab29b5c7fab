package io.jenkins.plugins.lander.stats;

import io.jenkins.plugins.lander.repository.TestDatabase;

class StatsRepositoryPostgresTest extends StatsRepositoryContract {
    StatsRepositoryPostgresTest() {
        super(TestDatabase.POSTGRES);
    }
}
