/*
 * Training-speed baseline: the TensorFlow Playground's own training loop.
 *
 * Reproduces what tensorflow/playground src/playground.ts (commit
 * bf5e6fc6ad99133c21a64758bb1fe121a091fef9; Copyright 2016 Google Inc.,
 * Apache License 2.0) does for one "epoch" in oneStep(), together with the
 * parts of generateData(), reset(), constructInput(), constructInputIds() and
 * getLoss() it needs, using the untouched library code in nn.js and dataset.js
 * (load those two first; they define window.tfPlayground).
 *
 * Configuration (the defaults of src/state.ts, except the dataset, which is
 * the spiral instead of the default circle):
 *   spiral, 500 points (NUM_SAMPLES_CLASSIFY), noise 0, 50 % train data
 *   (shuffled then split), inputs x1 and x2, network 2-4-2-1, tanh hidden and
 *   tanh output activation (classification), learning rate 0.03, batch size
 *   10, no regularization (regularization null, rate 0), initZero false.
 *
 * Omitted on purpose: all DOM/UI work. oneStep() in playground.ts ends with
 * updateUI(), which redraws links and biases, recomputes the 100x100 decision
 * boundary heatmaps for every node and appends to the loss chart; none of that
 * is done here, so this measures the training computation alone. The
 * seedrandom library (Math.seedrandom) is not loaded either: Math.random is
 * used as it is.
 */
(function () {
  'use strict';

  const NUM_SAMPLES_CLASSIFY = 500;

  /** The INPUTS table of playground.ts (feature functions, in its order). */
  const INPUTS = {
    "x": {f: (x, y) => x, label: "X_1"},
    "y": {f: (x, y) => y, label: "X_2"},
    "xSquared": {f: (x, y) => x * x, label: "X_1^2"},
    "ySquared": {f: (x, y) => y * y,  label: "X_2^2"},
    "xTimesY": {f: (x, y) => x * y, label: "X_1X_2"},
    "sinX": {f: (x, y) => Math.sin(x), label: "sin(X_1)"},
    "sinY": {f: (x, y) => Math.sin(y), label: "sin(X_2)"},
  };

  /**
   * Runs TF Playground training epochs for at least `durationMs` of wall time
   * and reports the speed and the final losses.
   * steps = number of updateWeights() calls (one per batch of 10 points).
   */
  window.tfPlaygroundBench = function (durationMs) {
    const nn = window.tfPlayground;

    // The subset of State (src/state.ts) that the training loop reads.
    const state = {
      learningRate: 0.03,
      regularizationRate: 0,
      noise: 0,
      batchSize: 10,
      percTrainData: 50,
      activation: nn.Activations.TANH,
      regularization: null,
      initZero: false,
      networkShape: [4, 2],
      dataset: nn.classifySpiralData,
      x: true,
      y: true,
      xTimesY: false,
      xSquared: false,
      ySquared: false,
      sinX: false,
      sinY: false,
    };

    let trainData = [];
    let testData = [];
    let network = null;
    let lossTrain = 0;
    let lossTest = 0;
    let iter = 0;
    let steps = 0;

    function constructInputIds() {
      let result = [];
      for (let inputName in INPUTS) {
        if (state[inputName]) {
          result.push(inputName);
        }
      }
      return result;
    }

    function constructInput(x, y) {
      let input = [];
      for (let inputName in INPUTS) {
        if (state[inputName]) {
          input.push(INPUTS[inputName].f(x, y));
        }
      }
      return input;
    }

    function getLoss(network, dataPoints) {
      let loss = 0;
      for (let i = 0; i < dataPoints.length; i++) {
        let dataPoint = dataPoints[i];
        let input = constructInput(dataPoint.x, dataPoint.y);
        let output = nn.forwardProp(network, input);
        loss += nn.Errors.SQUARE.error(output, dataPoint.label);
      }
      return loss / dataPoints.length;
    }

    // generateData(): classification problem, so NUM_SAMPLES_CLASSIFY points.
    function generateData() {
      let data = state.dataset(NUM_SAMPLES_CLASSIFY, state.noise / 100);
      // Shuffle the data in-place.
      nn.shuffle(data);
      // Split into train and test data.
      let splitIndex = Math.floor(data.length * state.percTrainData / 100);
      trainData = data.slice(0, splitIndex);
      testData = data.slice(splitIndex);
    }

    // reset(): builds the network [numInputs, ...networkShape, 1]; the output
    // activation is TANH because the problem is classification.
    function reset() {
      iter = 0;
      let numInputs = constructInput(0 , 0).length;
      let shape = [numInputs].concat(state.networkShape).concat([1]);
      let outputActivation = nn.Activations.TANH;
      network = nn.buildNetwork(shape, state.activation, outputActivation,
          state.regularization, constructInputIds(), state.initZero);
      lossTrain = getLoss(network, trainData);
      lossTest = getLoss(network, testData);
    }

    // oneStep(): one pass over the training data, then both losses.
    // (The upstream updateUI() call at its end is omitted, see above.)
    function oneStep() {
      iter++;
      trainData.forEach((point, i) => {
        let input = constructInput(point.x, point.y);
        nn.forwardProp(network, input);
        nn.backProp(network, point.label, nn.Errors.SQUARE);
        if ((i + 1) % state.batchSize === 0) {
          nn.updateWeights(network, state.learningRate, state.regularizationRate);
          steps++;
        }
      });
      // Compute the loss.
      lossTrain = getLoss(network, trainData);
      lossTest = getLoss(network, testData);
    }

    generateData();
    reset();

    // Only the epochs are timed (data generation and network set-up are not).
    const start = performance.now();
    let now = start;
    do {
      oneStep();
      now = performance.now();
    } while (now - start < durationMs);

    const seconds = (now - start) / 1000;
    return {
      epochs: iter,
      steps,
      seconds,
      stepsPerSec: steps / seconds,
      epochsPerSec: iter / seconds,
      trainLoss: lossTrain,
      testLoss: lossTest,
    };
  };
})();
