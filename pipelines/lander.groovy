// The Lander master pipeline: one run lands one ticket of this Jenkins' Lander engine.
//   Reserve a PPA -> Build source packages -> Build the test image -> Run autopkgtest -> Publish,
//   and whatever happens: archive the results, Release the PPA (which saves the ticket's verdict).
// The PPA is reserved and released outside node: only the work between needs an agent.
// The ticket bridge (lander-ticket-bridge plugin) takes a ticket in through the engine's intake
// and schedules this job with its id; the steps come from the lander-build-steps plugin. See
// docs/jenkins.md.
//
// The order of the builds, what goes on after a failure and what each override means are the
// engine's (LandingPolicy), not this script's: a step refuses what the policy does not allow, and
// fails the run when the policy stops the landing. Overrides are the ticket's own (ignore a
// build's or the tests' failure, skip the tests, ignore architectures); this script only marks
// the run UNSTABLE when one of them let a failure through.

properties([
    parameters([
        string(name: 'TICKET_ID', defaultValue: '', description: 'The ticket of the Lander engine to land'),
        string(name: 'TITLE', defaultValue: '', description: 'The ticket title, shown as the run description'),
        string(name: 'AGENT_LABEL', defaultValue: 'lander', description: 'The agents that build, e.g. sbuild && amd64')
    ])
])

def ticket = trimmed(params.TICKET_ID)
if (!ticket) {
    error 'TICKET_ID is empty: each run of this job lands one ticket'
}
currentBuild.description = "Ticket ${ticket}" + (params.TITLE ? ": ${params.TITLE}" : '')

def failure = null
try {
    stage('Reserve a PPA') {
        // Outside node: while the pool has no free PPA, the run waits holding no executor.
        def ppa = allocatePpa(ticket: ticket)
        echo "Ticket ${ticket} lands through ${ppa.name}: ${ppa.aptLine}"
    }

    // The builds, the test image, the tests and the publication run on this agent (the steps start
    // the lander agent runner there); the PPA pool and the archive stay on the controller.
    node(trimmed(params.AGENT_LABEL) ?: 'lander') {
        // Results of an earlier run in a reused workspace must not be published as this run's.
        dir('autopkgtest') {
            deleteDir()
        }
        try {
            stage('Build source packages') {
                def built = buildSource(ticket: ticket)
                for (build in built.builds) {
                    if (!build.succeeded) {
                        unstable "Build of ${build.source} ${build.version} ${build.state} (${build.reason}); dropped, as the ticket's overrides allow"
                    }
                }
            }

            stage('Build the test image') {
                def image = buildImage(ticket: ticket)
                echo "Test image ${image.reference}"
            }

            stage('Run autopkgtest') {
                try {
                    def tested = runAutopkgtest(ticket: ticket)
                    if (tested.skipped) {
                        echo 'autopkgtest not run: the ticket skips tests (force-skiptest)'
                    } else if (!tested.passed) {
                        unstable "autopkgtest failed; published anyway, as the ticket's overrides allow (force-badtest)"
                    }
                } finally {
                    junit testResults: 'autopkgtest/**/*.xml', allowEmptyResults: true
                }
            }

            stage('Publish to the archive') {
                def published = publish(ticket: ticket)
                echo "Published ${published.packages.size()} package(s): ${published.packages.join(' ')}"
            }
        } finally {
            archiveArtifacts artifacts: 'autopkgtest/**', allowEmptyArchive: true
        }
    }
} catch (e) {
    failure = e.message ?: e.toString()
    throw e
} finally {
    stage('Release the PPA') {
        def closed = releasePpa(ticket: ticket, error: failure)
        echo "Ticket ${ticket}: ${closed.step} ${closed.status}" + (closed.reason ? " (${closed.reason})" : '')
    }
}

def trimmed(value) {
    return value == null ? '' : value.toString().trim()
}
