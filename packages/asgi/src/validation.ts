/** @module placeholder: being written */
export {};
