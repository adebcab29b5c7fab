// The Lander master pipeline: one run lands one ticket.
//   Reserve a PPA -> Build source packages -> Build the test image -> Run autopkgtest -> Publish,
//   and whatever happens: Release the PPA, archive the test results.
// The ticket bridge (lander-ticket-bridge plugin) schedules this job with every ticket field as a
// parameter; the steps come from the lander-build-steps plugin. See docs/jenkins.md.
//
// Failure handling, as in the seed's delivery cases: when a build or the tests fail, the run
// reports (the steps and the bridge update the ticket), archives, releases the PPA and publishes
// nothing. Overrides: IGNORE_FAILURES 200 lands the uploads that did build, IGNORE_FAILURES 400
// (force-badtest) publishes despite failed tests (the run is UNSTABLE), SKIP_TESTS
// (force-skiptest) skips autopkgtest, IGNORE_ARCHITECTURES is passed to the builds.

properties([
    parameters([
        string(name: 'TICKET_ID', defaultValue: '', description: 'The ticket to land (names the data store container ticket-ID)'),
        string(name: 'TITLE', defaultValue: '', description: 'Ticket title'),
        text(name: 'DESCRIPTION', defaultValue: '', description: 'Ticket description'),
        string(name: 'OWNER', defaultValue: '', description: 'Who asked for the landing'),
        string(name: 'BUG_ID', defaultValue: '', description: 'The bug the landing fixes'),
        string(name: 'SERIES', defaultValue: '', description: 'Series to land on; empty: the first series of the Lander configuration'),
        text(name: 'SOURCE_PACKAGES', defaultValue: '', description: 'One source upload per line: path or file: URI of a .dsc or _source.changes'),
        string(name: 'BINARY_PACKAGES', defaultValue: '', description: 'Binary packages to install in the test image, separated by spaces'),
        string(name: 'IGNORE_ARCHITECTURES', defaultValue: '', description: 'Architectures not to build, separated by spaces'),
        string(name: 'IGNORE_FAILURES', defaultValue: '', description: 'Workflow steps whose failure does not stop the landing: 200 (package building), 400 (image testing, force-badtest)'),
        booleanParam(name: 'SKIP_TESTS', defaultValue: false, description: 'Do not run autopkgtest (force-skiptest)')
    ])
])

// Only these steps can fail without stopping the landing: without an image there is nothing to
// test, and a failed publication is not a landing.
def ignorable = ['200', '400']

def ticket = trimmed(params.TICKET_ID)
if (!ticket) {
    error 'TICKET_ID is empty: each run of this job lands one ticket'
}
def uploads = nonEmptyLines(params.SOURCE_PACKAGES)
if (uploads.isEmpty()) {
    error "Ticket ${ticket} lists no source upload (SOURCE_PACKAGES is empty)"
}
def ignored = words(params.IGNORE_FAILURES)
for (step in ignored) {
    if (!ignorable.contains(step)) {
        error "IGNORE_FAILURES: the failure of step ${step} cannot be ignored; only ${ignorable.join(' and ')} can"
    }
}
def series = trimmed(params.SERIES)
currentBuild.description = "Ticket ${ticket}" + (params.TITLE ? ": ${params.TITLE}" : '')

node {
    // Results of an earlier run in a reused workspace must not be published as this run's.
    dir('autopkgtest') {
        deleteDir()
    }
    try {
        stage('Reserve a PPA') {
            def ppa = allocatePpa(ticket: ticket)
            echo "Ticket ${ticket} lands through ${ppa.name}: ${ppa.aptLine}"
        }

        def built = []
        stage('Build source packages') {
            for (upload in uploads) {
                def build = buildSource(ticket: ticket, upload: upload, series: series,
                        ignoreArchitectures: trimmed(params.IGNORE_ARCHITECTURES), failOnError: false)
                if (build.succeeded) {
                    built << upload
                } else if (ignored.contains('200')) {
                    unstable "Build of ${build.source} ${build.version} failed (${build.reason}); ignored as IGNORE_FAILURES asks"
                } else {
                    error "Build of ${build.source} ${build.version} failed: ${build.reason}"
                }
            }
            if (built.isEmpty()) {
                error "No upload of ticket ${ticket} built: nothing to test or publish"
            }
        }

        stage('Build the test image') {
            def image = buildImage(ticket: ticket, series: series, packages: trimmed(params.BINARY_PACKAGES))
            echo "Test image ${image.reference}"
        }

        stage('Run autopkgtest') {
            if (params.SKIP_TESTS) {
                echo 'SKIP_TESTS: autopkgtest not run (force-skiptest)'
            } else {
                def failed = []
                try {
                    for (upload in built) {
                        def test = runAutopkgtest(ticket: ticket, upload: upload, series: series, failOnError: false)
                        if (!test.passed) {
                            failed << "${test.source} ${test.version} ${test.outcome}"
                        }
                    }
                } finally {
                    junit testResults: 'autopkgtest/*.xml', allowEmptyResults: true
                }
                if (failed && ignored.contains('400')) {
                    unstable "autopkgtest failed (${failed.join(', ')}); published anyway as IGNORE_FAILURES asks (force-badtest)"
                } else if (failed) {
                    error "autopkgtest failed: ${failed.join(', ')}"
                }
            }
        }

        stage('Publish to the archive') {
            def published = publish(ticket: ticket, series: series)
            echo "Published ${published.packages.size()} package(s): ${published.packages.join(' ')}"
        }
    } finally {
        stage('Release the PPA') {
            releasePpa ticket: ticket
        }
        archiveArtifacts artifacts: 'autopkgtest/**', allowEmptyArchive: true
    }
}

def trimmed(value) {
    return value == null ? '' : value.toString().trim()
}

def nonEmptyLines(text) {
    def lines = []
    for (line in trimmed(text).split('\n')) {
        if (line.trim()) {
            lines << line.trim()
        }
    }
    return lines
}

def words(text) {
    def result = []
    for (word in trimmed(text).split('\\s+')) {
        if (word) {
            result << word
        }
    }
    return result
}
