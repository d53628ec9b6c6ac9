# Sparring: `make run` to play, `make test` to check everything. Both install what they need.
SHELL := /bin/bash
DEBIAN_PACKAGES := libreadline-dev libstemmer-dev libhunspell-dev hunspell-ru hunspell-en-us hunspell-en-gb \
	hunspell libsqlite3-dev tmux python3
SHARED ?= ../shared
CORPUS ?= $(SHARED)/corpus/dev-replies.jsonl
SCORER ?= $(SHARED)/tools/score_signals.py
DEBUG := .build/debug/sparring
RELEASE := .build/release/sparring

# labelled replies the shipped signal model learns from; blind4, blind5 and the real holdouts stay out, to measure it
TRAINING := Tests/Corpus/heldout-replies.jsonl Tests/Corpus/unseen-replies.jsonl Tests/Corpus/blind-replies.jsonl \
	Tests/Corpus/blind2-replies.jsonl Tests/Corpus/blind3-replies.jsonl Tests/Corpus/train-a-replies.jsonl \
	Tests/Corpus/train-b-replies.jsonl Tests/Corpus/train-c-replies.jsonl Tests/Corpus/train-d-replies.jsonl \
	Tests/Corpus/train-e-replies.jsonl Tests/Corpus/train-f-replies.jsonl \
	Tests/Corpus/real-en-train.jsonl Tests/Corpus/real-ru-train.jsonl

# every labelled corpus make accuracy scores: the written ones, then the real agents' replies (train parts, holdouts)
ACCURACY := Tests/Corpus/heldout-replies.jsonl Tests/Corpus/unseen-replies.jsonl Tests/Corpus/blind-replies.jsonl \
	Tests/Corpus/blind2-replies.jsonl Tests/Corpus/blind3-replies.jsonl Tests/Corpus/train-a-replies.jsonl \
	Tests/Corpus/train-b-replies.jsonl Tests/Corpus/train-c-replies.jsonl Tests/Corpus/train-d-replies.jsonl \
	Tests/Corpus/train-e-replies.jsonl Tests/Corpus/train-f-replies.jsonl Tests/Corpus/blind4-replies.jsonl \
	Tests/Corpus/blind5-replies.jsonl Tests/Corpus/real-en-train.jsonl Tests/Corpus/real-ru-train.jsonl \
	Tests/Corpus/real-en-holdout.jsonl Tests/Corpus/real-ru-holdout.jsonl

.PHONY: test-deps deps build release run test accuracy accuracy-cases accuracy-plays model bench fuzz clean

## deps: install the Debian packages Sparring needs (as root), or print the one command to do it
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Sparring needs these Debian packages; run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
		fi; \
	fi

build: deps
	swift build

release: deps
	swift build -c release

## run: build a release binary and start the onboarding course
run: release
	$(RELEASE)

# what only the tests need: a PostgreSQL server for the team store, a browser for the HTML report
TEST_DEBIAN_PACKAGES := postgresql chromium

## test-deps: the Debian packages the tests need beside Sparring's own
test-deps:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(TEST_DEBIAN_PACKAGES)"

## test: unit and end-to-end tests (a private PostgreSQL cluster beside them), then the case library
test: deps test-deps
	swift build
	Tools/with-postgres.sh swift test
	$(DEBUG) cases check Cases
	$(DEBUG) cases test Cases

## accuracy: per-signal precision and recall on the labelled corpora
accuracy: build
	@for corpus in $(CORPUS) $(ACCURACY); do \
		if [ ! -f "$$corpus" ]; then echo "skipping $$corpus: not found (set SHARED=... for the shared corpus)"; continue; fi; \
		echo "== $$corpus"; \
		$(DEBUG) grade --batch "$$corpus" --json > .build/accuracy.jsonl; \
		python3 $(SCORER) "$$corpus" .build/accuracy.jsonl --min-f1 0 --min-all 0 | grep -v '^wrong:'; \
	done
	@$(MAKE) --no-print-directory accuracy-cases
	@$(MAKE) --no-print-directory accuracy-plays

## accuracy-plays: competent play-throughs, written by people who never saw the cases, replayed: resolved and passed?
PLAYS := $(wildcard Tests/Corpus/plays/*.jsonl)
accuracy-plays: build
	@for plays in $(PLAYS); do echo "== $$plays"; python3 Tools/score_plays.py $(DEBUG) "$$plays" --cases Cases; done

## accuracy-cases: case findings on natural first replies (-i sets never looked at: honest; the rest tuned on)
NATURAL := $(wildcard Tests/Corpus/natural/nat-*.jsonl)
accuracy-cases: build
	@for corpus in $(NATURAL); do \
		echo "== $$corpus"; \
		$(DEBUG) grade --batch "$$corpus" --json > .build/accuracy-cases.jsonl || true; \
		python3 Tools/score_findings.py "$$corpus" .build/accuracy-cases.jsonl; \
	done

## model: retrain the signal model shipped beside the lexicons
model: build
	$(DEBUG) train --out Sources/Sparring/Resources/Lexicons $(TRAINING)

## bench: cases check on 10,000 files, batch grading throughput beside hunspell -l, start-up time
bench: release
	@bash Benchmarks/bench.sh $(RELEASE) $(CORPUS)

## fuzz: random case files and replies through the loader and the grader for FUZZ_SECONDS
FUZZ_SECONDS ?= 600
fuzz: deps
	swift build -c release --product sparring-fuzz
	.build/release/sparring-fuzz --seconds $(FUZZ_SECONDS)

clean:
	rm -rf .build
