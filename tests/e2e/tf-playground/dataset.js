/* Copyright 2016 Google Inc. All Rights Reserved.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
==============================================================================*/

/*
 * Source: https://github.com/tensorflow/playground, file src/dataset.ts at
 * commit bf5e6fc6ad99133c21a64758bb1fe121a091fef9.
 *
 * Only the parts the benchmark needs are included: the Example2D shape,
 * shuffle(), classifySpiralData() and its helper randUniform(). The other
 * generators (which need d3 scales) and normalRandom()/dist() are left out.
 *
 * Modifications: TypeScript type annotations and type-only declarations
 * (Example2D, Point, DataGenerator) were removed, and the ES module exports
 * were replaced by properties on the global `window.tfPlayground`, so the file
 * loads as a classic <script>. Every function and formula is otherwise
 * unchanged.
 *
 * Note: upstream seeds Math.random with the seedrandom library
 * (Math.seedrandom(state.seed) in playground.ts/state.ts); that library is not
 * included, so these functions use whatever Math.random is in effect.
 */
(function () {
  'use strict';

  /**
   * A two dimensional example: x and y coordinates with the label.
   *   Example2D = {x: number, y: number, label: number}
   */

  /**
   * Shuffles the array using Fisher-Yates algorithm. Uses the seedrandom
   * library as the random generator.
   */
  function shuffle(array) {
    let counter = array.length;
    let temp = 0;
    let index = 0;
    // While there are elements in the array
    while (counter > 0) {
      // Pick a random index
      index = Math.floor(Math.random() * counter);
      // Decrease counter by 1
      counter--;
      // And swap the last element with it
      temp = array[counter];
      array[counter] = array[index];
      array[index] = temp;
    }
  }

  function classifySpiralData(numSamples, noise) {
    let points = [];
    let n = numSamples / 2;

    function genSpiral(deltaT, label) {
      for (let i = 0; i < n; i++) {
        let r = i / n * 5;
        let t = 1.75 * i / n * 2 * Math.PI + deltaT;
        let x = r * Math.sin(t) + randUniform(-1, 1) * noise;
        let y = r * Math.cos(t) + randUniform(-1, 1) * noise;
        points.push({x, y, label});
      }
    }

    genSpiral(0, 1); // Positive examples.
    genSpiral(Math.PI, -1); // Negative examples.
    return points;
  }

  /**
   * Returns a sample from a uniform [a, b] distribution.
   * Uses the seedrandom library as the random generator.
   */
  function randUniform(a, b) {
    return Math.random() * (b - a) + a;
  }

  window.tfPlayground = Object.assign(window.tfPlayground || {}, {
    shuffle,
    classifySpiralData,
    randUniform,
  });
})();
